"""Attribution (helpers.measure.attribution): speakers, reporting verbs and the
quotation each attribution introduces, on hand-made segments."""

import pandas as pd

from helpers.measure.speech import (ATTRIBUTION_COLUMNS, QUOTE_COLUMNS, extract_quotes_and_attributions,
                                    find_attributions)
from measures_util import clean_text, lexicon, make_segments


def _quotes(cues, *paragraphs, name="body"):
    seg = make_segments({"a": [(name, p) for p in paragraphs]})
    q, a = extract_quotes_and_attributions(seg, lexicon(), cues)
    return q, a, clean_text(seg, "a")


def test_quote_then_speaker_with_title_and_surname_resolution(seed_cues):
    q, a, text = _quotes(seed_cues,
        "“The lie is groundless,” Iranian Foreign Ministry spokesman Bahram Qasemi said.",
        "“This sows panic,” Qasemi said.",
        "They seek influence, he said.")
    assert list(q.columns) == QUOTE_COLUMNS
    assert q["speaker"].tolist() == ["Bahram Qasemi", "Bahram Qasemi"]
    assert q["speaker_class"].tolist() == ["named_person"] * 2
    assert q["verb"].tolist() == ["said", "said"]
    assert q["verb_class"].tolist() == ["neutral", "neutral"]
    assert text[q["start"][0]:q["end"][0]] == "The lie is groundless,"
    # the span is the mention as written, with its title (PolNeAR's source spans keep
    # titles and roles); speaker is the canonical name
    assert text[q["speaker_start"][0]:q["speaker_end"][0]] == \
        "Iranian Foreign Ministry spokesman Bahram Qasemi"
    assert text[q["speaker_start"][1]:q["speaker_end"][1]] == "Qasemi"
    he = a[a["in_quote"] == False]  # noqa: E712
    assert he["speaker"].tolist() == ["Bahram Qasemi"]
    assert text[he["speaker_start"].iloc[0]:he["speaker_end"].iloc[0]] == "he"


def test_said_before_colon_and_inverted_said(seed_cues):
    q, _, _ = _quotes(seed_cues, 'Gen. Mark Milley said: "We are ready."',
                      '"It is a lie," said Hassan Rouhani.',
                      "He added:", '"No more."')
    assert q["speaker"].tolist() == ["Mark Milley", "Hassan Rouhani", "Hassan Rouhani"]
    assert q["speaker_class"].tolist() == ["named_person"] * 3
    assert q["verb"].tolist() == ["said", "said", "added"]


def test_anonymous_and_multi_sentence_quotes(seed_cues):
    q, _, text = _quotes(seed_cues,
        "“We have bases. If America attacks us, our friends will attack,” a senior IRGC commander said.",
        '"The logic was simple," an anonymous senior Iranian official said.')
    assert q["speaker_class"].tolist() == ["anonymous", "anonymous"]
    assert q["speaker"].tolist() == ["a senior IRGC commander", "an anonymous senior Iranian official"]
    assert q["text"][0] == "We have bases. If America attacks us, our friends will attack,"
    assert q["sentence_index"][0] == 0
    assert q["n_tokens"].tolist() == [11, 4]


def test_unattributed_headline_quote(seed_cues):
    q, _, _ = _quotes(seed_cues, "Tehran Arms Militias 'To Have Backup Plan'", name="headline")
    assert q["speaker_class"].tolist() == ["unattributed"]
    assert q["speaker"].tolist() == [""] and q["verb"].tolist() == [""]
    assert pd.isna(q["speaker_start"][0])


def test_indirect_attributions(seed_cues):
    seg = make_segments({"a": [("body",
        "Reuters reported on Friday, citing anonymous sources among Iranian officials. "
        "According to the report, the missiles were moved. Reuters said. "
        "One anonymous western source, interviewed by Reuters, said that the alleged arming was a warning. "
        "The Pentagon claimed it knew. Officials told The Wall Street Journal it was false. "
        "Iran has denied these claims.")]})
    a = find_attributions(seg, lexicon(), seed_cues)
    assert list(a.columns) == ATTRIBUTION_COLUMNS
    got = list(zip(a["speaker"], a["speaker_class"], a["verb"], a["verb_class"]))
    assert got == [
        ("Reuters", "named_institution", "reported", "neutral"),
        ("anonymous sources among Iranian officials", "anonymous", "citing", "neutral"),
        ("Reuters", "named_institution", "According to", "neutral"),
        ("Reuters", "named_institution", "said", "neutral"),
        ("One anonymous western source", "anonymous", "said", "neutral"),
        ("Pentagon", "named_institution", "claimed", "evaluative"),
        ("Officials", "anonymous", "told", "neutral"),
        ("Iran", "named_institution", "has denied", "evaluative"),  # auxiliary kept with the verb (issue 15)
    ]
    assert not a["in_quote"].any()


def test_quote_of_a_report_is_attributed_to_the_outlet(seed_cues):
    q, _, _ = _quotes(seed_cues, "Iran denied a Reuters report on Saturday.",
                      "The report cites “three Iranian officials and two Western sources.”")
    assert q["speaker"].tolist() == ["Reuters"]
    assert q["speaker_class"].tolist() == ["named_institution"]
    assert q["verb"].tolist() == ["cites"]


def test_pronoun_without_antecedent_is_an_anonymous_source(seed_cues):
    # issue 15: a pronoun subject is a source mention (PolNeAR codes "he" as the Source);
    # with no named antecedent it cannot be named, so it is anonymous, the pronoun its span
    _, a, _ = _quotes(seed_cues, "He said it was over.")
    assert a[["speaker", "speaker_class", "speaker_start", "speaker_end"]].values.tolist() == \
        [["He", "anonymous", 0, 2]]


def test_negated_cues_are_attributions(seed_cues):
    # PARC 3.0 and PolNeAR code negation as a property of an attribution, not its absence
    q, a, text = _quotes(seed_cues, "The ministry has not said when. Officials never denied it. Reuters said.")
    assert a["speaker"].tolist() == ["ministry", "Officials", "Reuters"]
    assert [text[s:e] for s, e in zip(a["start"], a["end"])] == ["has not said", "never denied", "said"]
    _, a, text = _quotes(seed_cues, "Neither the army, nor the government has commented.")
    assert [text[s:e] for s, e in zip(a["speaker_start"], a["speaker_end"])] == ["the government"]


def test_participle_and_coordinated_cues_take_the_main_clause_subject(seed_cues):
    _, a, text = _quotes(seed_cues,
        "Qasemi rejected the report, saying it was false.",
        "Milley said the missiles were moved, adding that more could follow.",
        "The minister met the envoy and said the talks went well.",
        "\u201cIt is over,'' said Hassan Rouhani.")
    cues = [text[s:e] for s, e in zip(a["start"], a["end"])]
    assert "saying" in cues and "adding" in cues and "said" in cues
    by_cue = {text[s:e]: text[ss:se] for s, e, ss, se in
              zip(a["start"], a["end"], a["speaker_start"], a["speaker_end"])}
    assert by_cue["saying"] == "Qasemi"          # the sentence's subject
    assert by_cue["adding"] == "Milley"          # the previous cue's source, same span
    assert a.loc[a["verb"] == "adding", "speaker_class"].tolist() == ["named_person"]
    said = a[a["verb"] == "said"]
    assert [text[s:e] for s, e in zip(said["speaker_start"], said["speaker_end"])] == \
        ["Milley", "The minister", "Hassan Rouhani"]


def test_naming_verbs_need_a_subject(seed_cues):
    _, a, text = _quotes(seed_cues,
        "She leads a group called Citizens First.",
        "The so-called deal was signed after phone calls.",
        "Trump called the deal a disaster.",
        "Rouhani denied it, calling it a lie.")
    assert a["verb"].tolist() == ["called", "denied", "calling"]
    assert [text[s:e] for s, e in zip(a["speaker_start"], a["speaker_end"])] == ["Trump"] + ["Rouhani"] * 2


def test_agent_verbs_need_a_name_or_pronoun_subject(seed_cues):
    _, a, text = _quotes(seed_cues,
        "Trump pledged to build a wall.",
        "Many voters hope for change.",
        "The talks ended. Rouhani sought more talks.",
        "She hopes to win.")
    # "The talks" (a noun) is no cue, and does not hide the cue after it
    assert a["verb"].tolist() == ["pledged", "sought", "hopes"]
    assert [text[s:e] for s, e in zip(a["speaker_start"], a["speaker_end"])] == \
        ["Trump", "Rouhani", "She"]


def test_pronoun_ending_a_subject_and_nearest_named_antecedent(seed_cues):
    _, a, text = _quotes(seed_cues,
        "Bahram Qasemi, a spokesman, met reporters on Friday.",
        "The talks failed because he said the offer was late.",
        "Likely Republican nominee Donald Trump said the deal was bad.")
    spans = [text[s:e] for s, e in zip(a["speaker_start"], a["speaker_end"])]
    assert spans == ["he", "Likely Republican nominee Donald Trump"]
    assert a["speaker"].tolist() == ["Bahram Qasemi", "Donald Trump"]  # no attribution before "he"
    assert a["speaker_class"].tolist() == ["named_person"] * 2


def test_evidence_verbs_need_an_evidence_noun(seed_cues):
    _, a, text = _quotes(seed_cues,
        "New polls show Rouhani ahead.",
        "Rouhani will show them the plan.",
        "The Reuters survey found that most voters agree.",
        "Trump found a new adviser.")
    assert a["verb"].tolist() == ["show", "found"]
    assert [text[s:e] for s, e in zip(a["speaker_start"], a["speaker_end"])] == \
        ["New polls", "The Reuters survey"]


def test_asked_takes_the_source_of_the_answer(seed_cues):
    _, a, text = _quotes(seed_cues,
        "Asked whether the talks had failed, Rouhani said they had not.",
        "Qasemi declined to comment when asked about the deal.",
        "Asked about the deal, the crowd cheered.")
    assert a["verb"].tolist() == ["Asked", "said", "declined to comment", "asked about"]
    spans = [text[s:e] for s, e in zip(a["speaker_start"], a["speaker_end"])]
    assert spans == ["Rouhani", "Rouhani", "Qasemi", "Qasemi"]


def test_inverted_speaker_only_when_no_clause_follows(seed_cues):
    _, a, text = _quotes(seed_cues,
        "The deal is dead, said Hassan Rouhani.",
        "Bahram Qasemi, a spokesman, said Tehran will respond.")
    spans = [text[s:e] for s, e in zip(a["speaker_start"], a["speaker_end"])]
    assert spans[0] == "Hassan Rouhani"
    assert "Tehran" not in spans[1]  # what was said, not an inverted speaker


def test_a_name_and_its_appositive_are_one_source(seed_cues):
    _, a, text = _quotes(seed_cues,
        "Bahram Qasemi, a spokesman for the ministry, said the report was false.",
        "His deputy, Ali Rabiei, said the same.")
    spans = [text[s:e] for s, e in zip(a["speaker_start"], a["speaker_end"])]
    assert spans == ["Bahram Qasemi, a spokesman for the ministry,", "His deputy, Ali Rabiei,"]
    assert a["speaker"].tolist() == ["Bahram Qasemi", "Ali Rabiei"]


def test_relative_object_age_and_passive_agent(seed_cues):
    _, a, text = _quotes(seed_cues,
        "Rouhani praised the plan, which he described as fair.",
        "Ali Rabiei, 58, told reporters the talks had failed.",
        "The plan was criticized by Bahram Qasemi.")
    spans = [text[s:e] for s, e in zip(a["speaker_start"], a["speaker_end"])]
    assert spans == ["Rouhani", "he", "Ali Rabiei", "Bahram Qasemi"]
    assert a["verb"].tolist()[-1] == "was criticized"


def test_capitalised_names_ending_in_ed_are_no_participles(seed_cues):
    _, a, text = _quotes(seed_cues,
        "After the vote, Ted Rouhani said the deal stood.",
        "The self-described reformer said he would win.")
    assert [text[s:e] for s, e in zip(a["speaker_start"], a["speaker_end"])] == \
        ["Ted Rouhani", "The self-described reformer"]
    assert a["verb"].tolist() == ["said", "said"]  # "self-described" is no cue


def test_fronted_phrase_and_plural_pronoun(seed_cues):
    # issue 15 (sample 6): a fronted prepositional phrase is no part of the subject;
    # "they" after two named persons joined by "and" is those persons
    _, a, text = _quotes(seed_cues,
        "In a radio interview Rouhani said the deal was dead.",
        "Bahram Qasemi and Ali Vaez met on Friday. They said the talks would go on.")
    spans = [text[s:e] for s, e in zip(a["speaker_start"], a["speaker_end"])]
    assert spans == ["Rouhani", "They"]
    assert a["speaker_class"].tolist() == ["named_person"] * 2
    assert a["speaker"].tolist()[1] == "Bahram Qasemi and Ali Vaez"


def test_a_source_after_its_cue_keeps_its_appositive(seed_cues):
    # PolNeAR spans an inverted or prepositional source with its appositive
    _, a, text = _quotes(seed_cues,
        '"It is over," said Robert Ford, a former ambassador, on Monday.',
        "According to Reuters, the plan will fail.")
    assert [text[s:e] for s, e in zip(a["speaker_start"], a["speaker_end"])] == \
        ["Robert Ford, a former ambassador,", "Reuters"]
    assert a["speaker"].tolist() == ["Robert Ford", "Reuters"]
