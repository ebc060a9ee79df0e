"""The example map ``sahel``: an analyst's reconstruction of Themba Zuri's "Mali and Burkina Faso:
Parallel Paths in Navigating the Sahel Crisis" (the article ships beside this module).

How the argument was read. The article argues to one conclusion — resolving the Sahel crisis requires
political negotiation and an inclusive dialogue — from the intermediate conclusion that the military
approach is limited (field studies, Barkhane's record, the weakness of militia auxiliaries) and from the
fact that armed groups hold much of both countries. Most of its length describes the juntas' parallel
turn to force and new allies (Mali: Russia and Wagner; Burkina Faso: the VDP militias, and probably
Russia after Mali). That description is mapped where it does argumentative work: as support for the
objection the author raises against himself ("the choice they've made … is that of war"; "no peace
talks whatsoever in sight"). The author concedes the objection's facts and denies its force
("nevertheless"), so his answers — the limits of force, earlier peace initiatives, ECOWAS — are attacks
on the objection's attack, not rebuttals of its truth. One undercut is the analyst's: the article's own
account of Mali's "pragmatic" pivot gives the juntas a rival reading of Barkhane's failure.

Premises the article leaves unstated are added as claims tagged ``implicit`` whose notes begin
"Analyst reconstruction". Those that only spell out a step the author plainly takes are marked
*accepted* (the analyst's working assumptions, so review does not report them as unsupported); the one
the analyst's own undercut contests (Barkhane's failure is telling) is left open.

Evidence items quote the article verbatim (it has no-break spaces in places,
written ``\\xa0`` in the quotes below); their character offsets are computed here from the text (never
typed by hand) and the build fails if a quote is missing or occurs twice. The locator is the section
heading the quote falls under. ``build()`` uses a fixed stamp so that rebuilding gives the same map,
time stamps included.
"""

from __future__ import annotations

from bisect import bisect_right
from importlib import resources
from typing import Any

from ..graph import MapGraph
from ..graph_build import GraphBuilder

SLUG = "sahel"
TITLE = "Sahel: negotiation, not war alone (Zuri, “Parallel Paths”)"
DESCRIPTION = (
    "Reconstruction of Themba Zuri, “Mali and Burkina Faso: Parallel Paths in Navigating the Sahel Crisis” "
    "(Diplomacy Now). Claims tagged 'implicit' are premises the analyst supplied. Evidence reliability rates "
    "how well the article grounds what it says: solid = public record (dates, named missions), shaky = hedged "
    "or unattributed in the article ('allegedly', 'one can imagine', unnamed field studies), unknown = the "
    "author's assertion with no support given."
)
STAMP = "2026-11-29T00:00:00Z"
ARTICLE_FILE = "sahel-parallel-paths.txt"
ARTICLE_TITLE = "Mali and Burkina Faso: Parallel Paths in Navigating the Sahel Crisis"
INTRODUCTION = "Introduction"
HEADINGS = ("Coup after coup", "Mercenaries and militias", "Following Mali’s lead", "A path to peace?",
            "“Anything goes” politics")
ANALYST = "Analyst reconstruction: "


def article_text() -> str:
    """The article exactly as shipped (bytes decoded, no newline translation, so offsets are exact)."""
    return resources.files(__package__).joinpath(ARTICLE_FILE).read_bytes().decode("utf-8")


def locate(text: str, quote: str) -> tuple[int, int]:
    """The (start, end) of ``quote`` in ``text``; ValueError unless it occurs exactly once."""
    start = text.find(quote)
    if not quote or start < 0:
        raise ValueError(f"quote not found verbatim in the article: {quote!r}")
    if text.find(quote, start + 1) >= 0:
        raise ValueError(f"quote occurs more than once in the article; quote more of it: {quote!r}")
    return start, start + len(quote)


def sections(text: str) -> list[tuple[int, str]]:
    """(offset, heading) for the introduction and each section heading, in order of the text."""
    out = [(0, INTRODUCTION)]
    for heading in HEADINGS:
        start, _ = locate(text, f"\n\n{heading}\n\n")
        out.append((start + 2, heading))
    if [s for s, _ in out] != sorted(s for s, _ in out):
        raise ValueError("the article's section headings are not in the expected order")
    return out


class _Sahel:
    """The builder plus the article: claims, relations and evidence quoted at computed offsets."""

    def __init__(self) -> None:
        self.text = article_text()
        self.sections = sections(self.text)
        self.b = GraphBuilder(SLUG, TITLE, DESCRIPTION, stamp=STAMP)
        self.source = self.b.source(
            ARTICLE_TITLE, author="Themba Zuri", publisher="Diplomacy Now", kind="article", text=self.text,
            notes=("The byline describes the author as 'a Sahel researcher'. The publisher is inferred from the "
                   "page footer ('Join the Diplomacy Now Mailing list'). The text gives no date or address; the "
                   "latest events it mentions (Capt. Ibrahim Traoré's seizure of power, Burkina Faso's request "
                   "that French special forces withdraw) place it in early 2023."))

    def claim(self, text: str, **kw: Any) -> int:
        return self.b.claim(text, **kw)

    def implicit(self, text: str, why: str, *, tags: tuple[str, ...] = (), **kw: Any) -> int:
        """A premise the article leaves unstated, marked as the analyst's."""
        return self.b.claim(text, tags=("implicit", *tags), notes=ANALYST + why, **kw)

    def locator(self, start: int) -> str:
        starts = [s for s, _ in self.sections]
        return self.sections[bisect_right(starts, start) - 1][1]

    def quote(self, claims: int | tuple[int, ...], quote: str, *, kind: str = "quote",
              reliability: str = "unknown", note: str = "") -> int:
        start, end = locate(self.text, quote)
        return self.b.add_evidence(
            (claims,) if isinstance(claims, int) else claims, kind=kind, quote=quote, source_id=self.source,
            locator=self.locator(start), start=start, end=end, reliability=reliability, note=note)


def build() -> MapGraph:
    """The ``sahel`` map, identical on every call."""
    s = _Sahel()
    b = s.b

    # ---- the main conclusion ---------------------------------------------------------------------
    main = s.claim(
        "Resolving the crisis in the Sahel will require political negotiations and an inclusive dialogue "
        "with all stakeholders.",
        title="Negotiate, with everyone", tags=("diplomacy", "mali", "burkina-faso"),
        notes="The article's conclusion, stated in its last paragraph and prepared in 'A path to peace?'.")
    b.set_main(main)
    s.quote(main, "Nevertheless, it is essential to recognize that resolving the crisis in the Sahel will require "
                  "political negotiations and an inclusive dialogue with all stakeholders.")

    # ---- reason 1: force alone will not do (linked with the bridge the article leaves implicit) ---
    limited = s.claim(
        "The military approach is limited in the Sahel: force alone will not end the crisis.",
        title="The military approach is limited", tags=("military",),
        notes="Intermediate conclusion. The article asserts it on the strength of field studies; the Barkhane "
              "and militia passages supply the reasons it gives elsewhere.")
    field_limited = s.claim(
        "Various field studies suggest that the military approach is limited in the Sahel.",
        title="Field studies", tags=("military", "research"))
    b.support([field_limited], limited, scheme="Expert opinion")
    s.quote(field_limited, "Various field studies suggest, nevertheless, that the military approach is limited in "
                           "the Sahel", kind="expert_opinion", reliability="shaky",
            note="The studies are neither named nor cited, so the appeal cannot be checked.")

    barkhane = s.claim(
        "During the French-led Operation Barkhane, the security situation worsened throughout the Sahel.",
        title="Barkhane's record", tags=("military", "france"))
    s.quote(barkhane, "the shortcomings of the French-led Operation Barkhane, during which the security situation "
                      "worsened throughout the Sahel",
            note="Asserted without figures; the article uses it to explain Mali's turn to Russia.")
    barkhane_telling = s.implicit(
        "Barkhane was a years-long campaign by a major military power, so its failure is telling about what "
        "force can achieve in the Sahel, not a one-off.",
        "without it, one failed operation would not show that the military approach as such is limited.",
        tags=("military",))
    via_barkhane = b.support([barkhane, barkhane_telling], limited, scheme="Example",
                             notes="The article does not draw this inference itself; it is the use its Barkhane "
                                   "remark can be put to for the intermediate conclusion.")
    partner = s.claim(
        "Barkhane's failure may show the failings of a French-led operation rather than of force as such: the "
        "lesson the juntas drew, since Mali's 'pragmatic' pivot to Russia is explained in part by Barkhane's "
        "shortcomings.",
        title="Wrong partner, not wrong method", tags=("mali", "russia", "france", "military"),
        notes="Analyst's undercut, built from the article's own account of Mali's pivot; the article does not "
              "answer it.")
    b.attack([partner], relation=via_barkhane)
    s.quote(partner, "Maïga’s association with the putschists influenced the rapprochement with Russia, in this "
                     "case as a “pragmatic” rather than “ideological” pivot")

    vdp = s.claim(
        "Burkina Faso has reportedly recruited some 50,000 civilians as Volunteers for the Defence of the "
        "Fatherland (VDP) to assist its army.",
        title="50,000 VDP", tags=("burkina-faso", "vdp", "military"))
    s.quote(vdp, "some 50,000 people have been allegedly recruited as Volontaires pour la Défense de la Patrie",
            kind="statistic", reliability="shaky", note="The article itself says 'allegedly' and gives no source.")
    auxiliaries = s.claim(
        "Resorting to auxiliaries who are only more or less well trained hardly guarantees an eventual victory "
        "against terrorism.", tags=("military", "vdp"))
    s.quote(auxiliaries, "the strategy of resorting to auxiliaries, who are\xa0more or less well-trained, hardly "
                         "guarantees\xa0an eventual victory in the fight against terrorism")
    b.support([vdp, auxiliaries], limited, scheme="Causal",
              notes="Linked: the weakness of auxiliaries matters because Burkina's military effort now rests on them.")

    abuses = s.claim(
        "Relying on civilian militias carries a high risk of abuses against civilians, in Burkina Faso as in Mali.",
        tags=("burkina-faso", "mali", "vdp", "civilians"))
    s.quote(abuses, "Not only does this move pose a high risk of abuses against civilians, as is also the case in "
                    "Mali")
    abuses_backfire = s.implicit(
        "Abuses against civilians turn communities against the state and toward the armed groups, working "
        "against the victory the militias are meant to bring.",
        "the article lists the risk of abuses as a count against the militia strategy without saying why it "
        "bears on the fight; this is the usual counter-insurgency reason.", tags=("civilians", "military"),
        judgement="accepted")
    b.support([abuses, abuses_backfire], limited, scheme="Causal")

    bridge = s.implicit(
        "Where force cannot settle an armed conflict, only a political settlement negotiated between the "
        "parties can end it.",
        "the article passes straight from 'the military approach is limited' to 'it will require political "
        "negotiations'; this is the premise that makes the step valid.", tags=("diplomacy",),
        judgement="accepted")
    b.support([limited, bridge], main, scheme="Practical reasoning",
              notes="Linked: that force is limited says nothing about negotiation without the bridge premise.")


    # ---- reason 2 and 3: who must be at the table ---------------------------------------------------
    field_talks = s.claim(
        "Field studies suggest that any hope of peace requires political negotiations involving independence "
        "groups and even terrorist organisations, namely JNIM.",
        title="Talk to the armed groups too", tags=("diplomacy", "research", "jnim"))
    b.support([field_talks], main, scheme="Expert opinion",
              notes="Grounds the 'inclusive, with all stakeholders' part of the conclusion.")
    s.quote(field_talks, "if there’s any hope of peace, it will require political negotiations involving\xa0"
                         "independence groups and even terrorist organizations, namely the JNIM",
            kind="expert_opinion", reliability="shaky", note="Same unnamed field studies as above.")

    territory = s.claim(
        "Armed groups hold or contest whole swaths of both countries beyond the central state's control.",
        title="The state has lost ground", tags=("mali", "burkina-faso", "armed-groups"))
    s.quote(territory, "In both countries, entire swaths of territory are beyond the control of the central state.")
    s.quote(territory, "Burkina Faso and Mali have, from the outset of the crisis in the Sahel, been the region’s "
                       "weak links in the fight against terrorism.")
    mali_groups = s.claim(
        "In Mali, the ex-rebel Coordination of Azawad Movements has dominated Kidal for a decade, JNIM and the "
        "Islamic State in the Greater Sahara (IS-GS) fight each other around Ménaka, and the JNIM affiliate "
        "Katibat Macina attacks repeatedly in Mopti and Ségou.", tags=("mali", "armed-groups", "jnim"))
    b.support([mali_groups], territory, scheme="Example")
    s.quote(mali_groups, "the Coordination of Azawad Movements, an ex-rebel alliance, has dominated the area in and "
                         "around Kidal, in the\xa0north, for the past decade", reliability="solid")
    s.quote(mali_groups, "a civil conflict is taking place in the Ménaka region, in the Malian Gourma, between\xa0"
                         "Jama’a Nusrat ul-Islam wa al-Muslimin’, or JNIM (the\xa0Support Group for Islam and Muslims, "
                         "in English) and the\xa0Islamic State in the Greater Sahara (IS-GS)", reliability="solid")
    s.quote(mali_groups, "Katibat Macina (the Macina Liberation Front), a JNIM affiliate group, has carried out "
                         "repeated attacks in the regions of Mopti and Ségou", reliability="solid")
    burkina_groups = s.claim(
        "In Burkina Faso, Ansarul Islam is the principal terrorist organisation, and IS-GS also attacks often, "
        "recently in Deou, Oursi and Tin Akof.", tags=("burkina-faso", "armed-groups"))
    b.support([burkina_groups], territory, scheme="Example")
    s.quote(burkina_groups, "Ansarul Islam may be the principal terrorist organization, but there are also frequent "
                            "attacks by IS-GS, as was the case recently in the north of the country, in Deou, Oursi "
                            "and Tin Akof")

    exclusion = s.implicit(
        "A settlement that leaves out the groups actually holding territory would leave the fighting where it is.",
        "the article opens with the map of armed groups and ends with 'all stakeholders'; this premise joins "
        "the two.", tags=("diplomacy", "armed-groups"),
        judgement="accepted")
    b.support([territory, exclusion], main, scheme="Causal")


    # ---- the objection: the juntas have chosen war --------------------------------------------------
    war = s.claim(
        "Both juntas have chosen war: neither shows any real intention of restoring democracy or of resolving "
        "its security problems through dialogue.",
        title="The juntas have chosen war", tags=("mali", "burkina-faso", "military"),
        notes="The author raises this himself and concedes it as a description of the present.")
    objection = b.attack(
        [war], claim=main,
        notes="An objection to the conclusion's prospects: if those in power will not negotiate, 'negotiation is "
              "required' points nowhere. The author grants the facts and denies their force ('nevertheless'), so "
              "his answers attack this attack rather than the claim.")
    s.quote(war, "The choice they’ve made, to address the security crisis, is that of war.")
    s.quote(war, "Both countries are thus at an impasse, with no real intention either to restore democracy or to "
                 "resolve their security problems through dialogue.")

    parallel = s.claim(
        "The current strategy in both Mali and Burkina Faso is to favour military solutions and to seek new "
        "geopolitical alliances.",
        title="Parallel paths", tags=("mali", "burkina-faso", "military", "geopolitics"),
        notes="The article's comparative thesis (its title). It bears on the conclusion as the ground of the "
              "objection: this is the strategy the conclusion says will not be enough.")
    b.support([parallel], war, scheme="Sign")
    s.quote(parallel, "The current strategy in both countries is to favor military solutions and seek new "
                      "geopolitical alliances.")
    s.quote(parallel, "The common dynamics at play in the two countries offer insight into understanding the crisis "
                      "that is shaking the Sahel in general.")

    mali_russia = s.claim(
        "Mali's junta has turned to Russia and the paramilitary Wagner Group.",
        title="Mali: Russia and Wagner", tags=("mali", "russia", "wagner"))
    b.support([mali_russia], parallel, scheme="Example")
    s.quote((mali_russia,), "In sum, while Mali has turned toward the paramilitary Wagner Group, Burkina Faso is, "
                            "for now at least, playing the popular militia card.")
    sadio = s.claim(
        "Col. Sadio Camara, Mali's defence minister, a 'soldier-politician' who joined the August 2020 coup on "
        "returning from training in Moscow, appears to have played a key role in the rapprochement with Russia.",
        tags=("mali", "russia", "coups"))
    b.support([sadio], mali_russia, scheme="Sign")
    s.quote(sadio, "Col. Sadio Camara, the Malian defense minister, is a case in point as he appears to have played "
                   "a key role in Mali’s rapprochement with Russia.", reliability="shaky",
            note="Hedged in the article ('appears to have').")
    s.quote(sadio, "It was upon returning from Moscow, where he was in training, that Camara actively participated "
                   "in the first coup d’état, of August 2020, that overthrew President Ibrahim Boubacar Keïta (IBK).")
    yamoussa = s.claim(
        "Gen. Yamoussa Camara, special adviser to the head of the junta, advocated new military partners, "
        "preferring Russia and the Wagner Group's mercenaries.", tags=("mali", "russia", "wagner"))
    b.support([yamoussa], mali_russia, scheme="Sign")
    s.quote(yamoussa, "Gen. Yamoussa Camara, special adviser to the head of the Malian junta government, also "
                      "advocated for bringing on new military partners, with a preference for Russia and the "
                      "mercenaries of the Russian paramilitary organization the Wagner Group.")
    maiga = s.claim(
        "Prime Minister Choguel K. Maïga, the transition's top ideologue, played an equally decisive part in "
        "the shift toward Russia.", tags=("mali", "russia"))
    b.support([maiga], mali_russia, scheme="Sign")
    s.quote(maiga, "Acting Prime Minister Choguel K. Maïga, the transition regime’s top ideologue, seems to have "
                   "played an equally decisive part in this policy shift.", reliability="shaky",
            note="Hedged in the article ('seems to have').")
    burkina_militia = s.claim(
        "Burkina Faso's junta has put civilian militias, rather than mercenaries, at the centre of its fight "
        "against terrorism.",
        title="Burkina Faso: the militia card", tags=("burkina-faso", "vdp", "military"))
    b.support([burkina_militia], parallel, scheme="Example")
    b.support([vdp], burkina_militia, scheme="Example")
    s.quote(burkina_militia, "Rather than mercenaries and the Wagner Group, the focus is now on civilian militias")

    break_west = s.claim(
        "The coup leaders in both countries seem bent on cutting ties with their traditional Western allies, "
        "above all France.", tags=("mali", "burkina-faso", "france", "geopolitics"))
    b.support([break_west], parallel, scheme="Sign")
    s.quote(break_west, "coup leaders in both countries seem bent on cutting ties with traditional Western allies, "
                        "above all with France")
    france_out = s.claim(
        "Burkina Faso's junta formally asked France to withdraw its special forces.",
        tags=("burkina-faso", "france"))
    b.support([france_out], break_west, scheme="Example")
    s.quote(france_out, "the junta government’s formal request to the Elysée that France withdraw its special forces",
            reliability="solid")

    follows = s.claim(
        "In its geopolitical choices Burkina Faso has tended to follow Mali's lead; Malian diplomacy directly "
        "affects what happens in Burkina Faso.",
        title="Burkina follows Mali", tags=("mali", "burkina-faso", "geopolitics"))
    b.support([follows], parallel, scheme="Causal")
    s.quote(follows, "Burkina Faso has tended to follow Mali’s lead")
    s.quote(follows, "Indeed, Malian diplomacy has a direct impact on what happens in Burkina Faso")

    wagner_burkina = s.claim(
        "Wagner mercenaries could yet arrive in Burkina Faso: Bamako is likely to push Ouagadougou toward Russia "
        "as well.", title="Wagner next in Burkina?", tags=("burkina-faso", "russia", "wagner"))
    b.support([wagner_burkina], parallel, scheme="Sign",
              notes="A forecast: it supports the 'new alliances' half of the thesis for Burkina Faso.")
    s.quote(wagner_burkina, "there is a strong possibility that Bamako will push Ouagadougou with regards to Russia "
                            "as well")
    s.quote(wagner_burkina, "suggest that Wagner mercenaries could in fact arrive")
    b.support([follows], wagner_burkina, scheme="Analogy")
    moscow_visit = s.claim(
        "Burkina Faso's prime minister, Apollinaire Kyelem, recently visited Moscow.",
        tags=("burkina-faso", "russia"), notes="The article spells the first name 'Appolinaire'.")
    s.quote(moscow_visit, "a recent visit to Moscow by\xa0Burkinabe Prime Minister Appolinaire Kyelem",
            reliability="solid")
    b.support([moscow_visit, france_out], wagner_burkina, scheme="Sign",
              notes="Linked: the article offers the Moscow visit 'together with' the request that French forces "
                    "leave; each alone says little about Wagner.")
    intermediaries = s.claim(
        "Moscow's strategy, as in Mali, is to work through local intermediaries.", tags=("russia", "mali"))
    s.quote(intermediaries, "Moscow’s strategy, just as it is in Mali, is to work with local intermediaries.")
    copa = s.claim(
        "Burkina Faso has such an intermediary: COPA-BF, led by the transitional legislator Roland Bayala, who is "
        "close to Mali's Yèrèwolo movement and has demanded Wagner's intervention since 2021.",
        tags=("burkina-faso", "russia", "wagner"))
    s.quote(copa, "One such group is the Coalition of African Patriots of Burkina Faso (COPA-BF),\xa0led by Roland "
                  "Bayala, a member of the transitional legislature.")
    s.quote(copa, "was one of the first, starting in 2021, to demand the intervention of Wagner’s paramilitaries, "
                  "which have had their eye on Burkina since the January 2022 coup of Paul-Henri Sandaogo Damiba")
    b.support([intermediaries, copa], wagner_burkina, scheme="Causal",
              notes="Linked: a method of working through local allies, and a local ally ready for it.")
    no_signs = s.claim(
        "For the moment there are no concrete indications that Wagner will operate in Burkina Faso, despite "
        "increased nudging by Russia.", tags=("burkina-faso", "wagner"),
        notes="The author's own concession, answered with 'Still, …'.")
    b.attack([no_signs], claim=wagner_burkina)
    s.quote(no_signs, "For the moment, there are no concrete indications that Wagner mercenaries will also operate in "
                      "Burkina Faso, despite increased nudging by Russia.")

    no_talks = s.claim(
        "No peace talks whatsoever are in sight in Mali, and in Burkina Faso there are few alternatives to a "
        "military victory on the horizon.", tags=("mali", "burkina-faso", "diplomacy"))
    b.support([no_talks], war, scheme="Sign")
    s.quote(no_talks, "Now, there are no peace talks whatsoever in sight in Mali.")
    s.quote(no_talks, "Now, apart from a military victory, there are few alternative solutions on the horizon for "
                      "solving the security crisis.")

    soldiers = s.claim(
        "In both countries soldiers hold power and in fact decide everything.",
        title="Soldiers decide", tags=("mali", "burkina-faso", "coups"))
    s.quote(soldiers, "in the face of soldiers who in fact decide everything")
    coups = s.claim(
        "Each country went through two military coups within a single year: Mali in August 2020 and May 2021, "
        "Burkina Faso in January and September 2022.", tags=("mali", "burkina-faso", "coups"))
    b.support([coups], soldiers, scheme="Example")
    s.quote(coups, "Both countries each experienced two military coups in the space of a single year – Burkina Faso, "
                   "in January and September 2022, and Mali, in August 2020 and May 2021.", reliability="solid")
    history = s.claim(
        "Military intervention has long marked both countries' politics: between them they have had 13 coups "
        "since independence.", tags=("mali", "burkina-faso", "coups"))
    b.support([history], soldiers, scheme="Sign",
              notes="Background more than proof: it shows the army's grip on politics is not new.")
    s.quote(history, "Between them, Burkina Faso and Mali have had 13 coups since gaining independence.",
            kind="statistic", reliability="solid", note="Consistent with the public record of both countries.")
    facade = s.claim(
        "The civilian prime ministers, taking an 'anything goes' approach, were probably chosen to make the "
        "regimes look less dominated by the military, and must keep the soldiers' favour to keep their posts.",
        tags=("mali", "burkina-faso"))
    b.support([facade], soldiers, scheme="Sign")
    s.quote(facade, "are taking an “anything goes” approach to politics and foreign affairs")
    s.quote(facade, "One can imagine that they were selected to give the impression that the respective regimes are "
                    "not entirely dominated by the men in fatigues.", reliability="shaky",
            note="The author's conjecture ('one can imagine').")

    extended = s.claim(
        "Both transitional governments are likely to be extended, so neither country is close to restoring "
        "democracy.", tags=("mali", "burkina-faso", "democracy"))
    s.quote(extended, "Given that in both cases the transitional governments are likely to be extended, neither "
                      "country is close to restoring democracy.")
    b.support([soldiers, extended], war, scheme="Causal",
              notes="Linked: the war is the soldiers' choice, and the soldiers are staying, so the choice will "
                    "not soon be revisited.")

    # ---- the author's answers: attacks on the objection's attack ------------------------------------
    need_not_will = s.implicit(
        "What resolving the crisis requires does not depend on what the juntas currently prefer: choosing war "
        "does not make war work.",
        "the force of the article's 'nevertheless' after conceding the impasse; with the limits of force it "
        "turns the objection aside.", tags=("diplomacy",),
        judgement="accepted")
    b.attack([limited, need_not_will], relation=objection,
             notes="Linked: the limits of force, read as showing that the juntas' choice cannot deliver what they "
                   "want from it.")

    prior_peace = s.claim(
        "Pro-peace initiatives existed in both Mali and Burkina Faso before the coups.",
        title="Dialogue has been tried before", tags=("mali", "burkina-faso", "diplomacy"))
    s.quote(prior_peace, "it’s worth looking at the pro-peace initiatives that existed prior to the coups in both "
                         "Mali and Burkina Faso")
    pacts = s.claim(
        "In Mali, 'local dialogue' ('survival pacts') was at times encouraged by the UN mission MINUSMA, which "
        "saw those talks as a prelude to more ambitious peace mechanisms.",
        title="Survival pacts", tags=("mali", "minusma", "diplomacy"))
    b.support([pacts], prior_peace, scheme="Example")
    s.quote(pacts, "In Mali, there was an emphasis on “local dialogue,” also known as “survival pacts,” which were at "
                   "times encouraged by the United Nations Multidimensional Integrated Stabilization Mission in Mali "
                   "(MINUSMA).", reliability="solid")
    s.quote(pacts, "The mission, particularly at the time of the IBK government, saw those talks as a prelude to more "
                   "ambitious peace mechanisms.")
    eu = s.claim(
        "In Burkina Faso, efforts at dialogue were about to receive backing from a European Union mission just "
        "before Capt. Ibrahim Traoré seized power.", tags=("burkina-faso", "eu", "diplomacy"))
    b.support([eu], prior_peace, scheme="Example")
    s.quote(eu, "Efforts at dialogue also existed in Burkina Faso and were set to receive backing from a European "
                "Union mission just prior to Capt. Ibrahim Traoré’s seizure of power.")

    revivable = s.implicit(
        "So the absence of talks is a choice of the present regimes, which can change, not proof that dialogue "
        "is impossible in the Sahel.",
        "the article recalls the earlier initiatives 'with that in mind' right after 'the choice … is that of "
        "war'; this is the point of recalling them.", tags=("diplomacy",),
        judgement="accepted")
    b.attack([prior_peace, revivable], relation=objection)

    ecowas = s.claim(
        "ECOWAS could play a crucial role in the peace process by encouraging the two transitional governments "
        "to commit to restoring constitutional order.",
        title="ECOWAS as broker", tags=("ecowas", "diplomacy", "democracy"))
    b.attack([ecowas], relation=objection,
             notes="A lever from outside the juntas: the impasse need not be broken from within.")
    s.quote(ecowas, "ECOWAS (the Economic Community of West African States) – despite its serious financial problems "
                    "– could play a crucial role in the peace process by encouraging the two transitional governments "
                    "to commit to restoring constitutional order")
    members = s.implicit(
        "Mali and Burkina Faso both belong to ECOWAS, which gives it standing and leverage in both transitions.",
        "the article gives no reason why ECOWAS in particular could play this role; membership is the obvious "
        "one.", tags=("ecowas",),
        judgement="accepted")
    b.support([members], ecowas)
    broke = s.claim("ECOWAS has serious financial problems.", tags=("ecowas",),
                    notes="Conceded by the author in passing ('despite').")
    broke_attack = b.attack([broke], claim=ecowas)
    s.quote(broke, "despite its serious financial problems")
    leaving = s.claim("In Mali there is a populist push to leave ECOWAS.", tags=("ecowas", "mali"))
    b.attack([leaving], claim=ecowas)
    s.quote(leaving, "And yet, in the case of Mali, there is a populist push for leaving ECOWAS.")

    # The author's "despite": the financial problems are conceded and discounted, not left standing.
    # (Created last so that the ids of the claims above stay as they were.)
    no_budget_needed = s.implicit(
        "What ECOWAS would bring here is diplomatic pressure and encouragement, which does not depend on a "
        "healthy budget.",
        "the article's 'despite its serious financial problems' concedes the problems and denies that they stop "
        "ECOWAS playing its part; this is the reason that makes the denial work.", tags=("ecowas",),
        judgement="accepted")
    b.attack([no_budget_needed], relation=broke_attack)

    return b.build()
