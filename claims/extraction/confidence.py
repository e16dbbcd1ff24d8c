"""Every confidence, decay and window of quote finding and speaker resolution, named once.

A quote's confidence is the weight of the rule that found it times the confidence of the rule that
resolved its speaker, clamped to ``FLOOR``..1 and rounded to two places. The figures were set by hand
against the golden fixtures and the held-out corpora in ``bench/``: they order the rules by how often each
is right, they are not probabilities. Change one only with ``bench/evaluate.py`` before and after.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Decay:
    """A confidence that falls with the distance, in sentences, to what a mention points back to."""

    start: float
    per_sentence: float
    floor: float

    def at(self, distance: int) -> float:
        """Return the confidence ``distance`` sentences back, never below the floor."""
        return max(self.floor, self.start - self.per_sentence * distance)


# --- speaker resolution (speakers.py): how sure each rule is of who speaks ----------------------------------

NAMED = 0.95  # the subject is, or holds, a name: "Sam Okafor said", "Foreign Minister Sam Okafor said"
APPOSITIVE_NAME = 0.85  # "The committee's spokesman, Tavish Rourke, said"; "The developer, Keystone Logistics,"
PROPER_NAME = 0.8  # an untagged proper name as subject: "Webb told reporters"
ORGANISATION_OF_SPOKESPERSON = 0.75  # "a spokeswoman for one of the companies, Drivio, said"
PARTY_MEMBER = 0.75  # "the Minnesota Democrat said" after "Sen. Patricia Gunderson, a Minnesota Democrat"
OFFICE_OF_POSSESSOR = 0.6  # "the state's budget office said": a new organisation, affiliated to the state
PLACE_NOUN = 0.6  # "the country said" -> the latest country
TITLE_UNRESOLVED = 0.5  # "The minister said" with no earlier minister: an unnamed person
UNRESOLVED = 0.4  # a description that points back to no one ("a spokesperson said")
NO_ANTECEDENT = 0.3  # a pronoun with nothing to point back to

PRONOUN = Decay(0.85, 0.08, 0.4)  # "he said", "it said"
SPOKESPERSON_OR_DOCUMENT = Decay(0.8, 0.05, 0.4)  # "a spokeswoman said", "the report said" -> an organisation
TITLE = Decay(0.85, 0.05, 0.45)  # "The Minister said" -> the last person with that title
ORGANISATION_NOUN = Decay(0.75, 0.05, 0.4)  # "the company said" -> the latest fitting organisation
DESCRIPTION_NOUN = Decay(0.8, 0.03, 0.45)  # "the nominee said" -> "Kessler Vance, the president's nominee"

# Sentences back that a rule may look for an antecedent (Resolver.antecedent's own default is 6).
ANTECEDENT_WINDOW = 6
TITLE_WINDOW = 12
PARTY_WINDOW = 12
DESCRIPTION_WINDOW = 20
THEY_SUBJECT_WINDOW = 3  # "they" for an organisation: a subject of the last three sentences
DOCUMENT_SOURCE_WINDOW = 6  # "the report said": the sentence that released the report, this far back
FAR_SENTENCES = 3  # distance given to an antecedent whose sentence cannot be found

# --- quote candidates (quotes.py, reported.py): how sure each rule is that it found a quote ----------------

TURN = 0.9  # a transcript turn: "SMITH: We never ..."
MIXED = 0.9  # quoted words inside the content of a cue: 'said the plan was "a dead end"'
DASH_LINE = 0.85  # a reaction list's "― Dana Pryce, president of ..." line
INDIRECT = 0.85  # the content of a cue, no quotation marks
ACCORDING_TO = 0.8  # "..., according to the sheriff"
ASIDE = 0.8  # "His deputies, he said, are '...'"
HEADLINE_LABEL = 0.8  # "Oyelaran: 'Not in its current form'"
COLON_SUBJECT = 0.75  # "Rahimi shot back in a post on X: '...'"
EARLIER_CUE = 0.7  # quoted words after a cue earlier in the sentence
HEADLINE_CUE = 0.7  # "Governor Calls Plan 'a Dead End'"
COLON_NAME = 0.6  # a name before a colon that is no subject
HEADLINE_UNATTRIBUTED = 0.5  # a headline quote with no cue
HEADLINE_NO_SUBJECT = 0.4  # a headline cue with no subject word before it

# --- assembling (assemble.py) --------------------------------------------------------------------------------

INHERITED = 0.9  # a quote paragraph after the same speaker's quote: 0.9 x that quote's confidence
ECHOED = 0.8  # a headline quote that repeats a body quote: 0.8 x the body quote's confidence
LATEST_SPEAKER = 0.5  # a quote paragraph with no attribution, given to the latest speaker
NO_SPEAKER = 0.3  # no speaker at all
UNREAD_LABEL = 0.4  # a speaker label that names no one the article knows
FLOOR = 0.05  # no stored quote has a confidence below this

# --- windows -------------------------------------------------------------------------------------------------

INHERIT_WINDOW_CHARS = 1500  # an unattributed quote goes to a speaker who spoke at most this far before it
SENTENCE_LIKE_WORDS = 4  # a quote of this many words starting with a capital is a sentence, not a phrase
TRAILING_ATTRIBUTION_TOKENS = 12  # a capitalised "Smith said." after a quote is its attribution if this short
INTERRUPTION_MAX_WORDS = 40  # words between two pieces of one quote interrupted by its attribution
DASH_LINE_MAX_WORDS = 25  # a longer "― ..." paragraph is text, not a speaker line
DASH_LINE_PARAGRAPHS = 5  # paragraphs after a quote that its speaker line may come
PAREN_LOOKBACK_CHARS = 400  # how far back a closing bracket looks for its opening one
ECHO_SHARE = 0.8  # share of a headline quote's words a body quote must hold to be its source
