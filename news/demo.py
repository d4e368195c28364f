"""Demo news: the news index, five categories and fourteen articles written from
the commune's facts, in French with their English translations.

Idempotent: objects are looked up by slug (and translation) before being created,
and translations that exist are left alone.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from wagtail.rich_text import RichText

from home.demo.translation import publish_translation

from .models import NewsCategory, NewsIndexPage, NewsPage, NewsPageRelatedLink

if TYPE_CHECKING:
    from home.demo.context import DemoContext

INDEX = {
    "slug": "actualites",
    "fr": {
        "title": "Actualités",
        "introduction": (
            "Les nouvelles de la politique numérique de la ville : événements, "
            "labels, données ouvertes et inclusion numérique."
        ),
    },
    "en": {
        "title": "News",
        "slug": "news",
        "introduction": (
            "News of the city's digital policy: events, awards, open data and "
            "digital inclusion."
        ),
    },
}

CATEGORIES = [
    {
        "fr": {
            "name": "Événements",
            "slug": "evenements",
            "description": "Rencontres, conférences et ateliers ouverts au public.",
        },
        "en": {
            "name": "Events",
            "slug": "events",
            "description": "Gatherings, talks and workshops open to the public.",
        },
    },
    {
        "fr": {
            "name": "Labels et prix",
            "slug": "labels-et-prix",
            "description": "Les distinctions reçues pour la politique numérique.",
        },
        "en": {
            "name": "Awards and labels",
            "slug": "awards-and-labels",
            "description": "The distinctions awarded to the digital policy.",
        },
    },
    {
        "fr": {
            "name": "Données ouvertes",
            "slug": "donnees-ouvertes",
            "description": "Les jeux de données publiés par la ville et leurs usages.",
        },
        "en": {
            "name": "Open data",
            "slug": "open-data",
            "description": (
                "The datasets the city publishes and what they are used for."
            ),
        },
    },
    {
        "fr": {
            "name": "Inclusion numérique",
            "slug": "inclusion-numerique",
            "description": "Des services numériques qui n'oublient personne.",
        },
        "en": {
            "name": "Digital inclusion",
            "slug": "digital-inclusion",
            "description": "Digital services that leave nobody behind.",
        },
    },
    {
        "fr": {
            "name": "Logiciels libres",
            "slug": "logiciels-libres",
            "description": (
                "Les logiciels libres que la ville utilise, développe et partage."
            ),
        },
        "en": {
            "name": "Free software",
            "slug": "free-software",
            "description": "The free software the city uses, develops and shares.",
        },
    },
]


def p(*paragraphs: str) -> tuple[str, RichText]:
    return ("paragraph", RichText("".join(f"<p>{text}</p>" for text in paragraphs)))


def h(text: str) -> tuple[str, dict]:
    return ("heading", {"text": text, "level": "h2"})


def q(text: str, attribution: str) -> tuple[str, dict]:
    return ("quote", {"text": text, "attribution": attribution})


def video(url: str, title: str, description: str) -> tuple[str, dict]:
    return ("embed", {"url": url, "title": title, "description": description})


ARTICLES: list[dict[str, Any]] = [
    {
        "slug": "le-schema-directeur-du-numerique-est-adopte",
        "date": datetime.date(2021, 3, 18),
        "categories": ["inclusion-numerique", "logiciels-libres"],
        "tags": ["Vivre libre"],
        "related": ["dix-ans-apres-le-pacte-du-logiciel-libre"],
        "fr": {
            "title": "Le schéma directeur du numérique est adopté",
            "introduction": (
                "Inclusion, transition écologique, services aux habitants et "
                "éthique : la ville se donne une feuille de route numérique "
                "pour les années à venir."
            ),
            "image_alt": (
                "Illustration abstraite : cercles bleus et bande jaune, "
                "évoquant une feuille de route."
            ),
            "body": [
                p(
                    "Après plusieurs mois de travail avec les services et les "
                    "habitants, le conseil municipal a adopté le schéma directeur "
                    "du numérique de la ville."
                ),
                h("Quatre axes"),
                p(
                    "L'inclusion numérique, pour que chacun accède aux services.",
                    "La transition écologique appliquée au numérique : des "
                    "équipements qui durent et des usages sobres.",
                    "Des services aux habitants en ligne, sans jamais remplacer "
                    "l'accueil physique.",
                    "L'éthique : données ouvertes, logiciels libres, transparence "
                    "et souveraineté sur les données et les services.",
                ),
                q(
                    "« Vivre libre », c'est maîtriser nos logiciels et nos coûts, "
                    "et offrir des services qui atteignent tout le monde.",
                    "L'adjoint au maire chargé du logiciel libre",
                ),
            ],
        },
        "en": {
            "title": "The digital master plan is adopted",
            "slug": "the-digital-master-plan-is-adopted",
            "introduction": (
                "Inclusion, ecological transition, services to residents and "
                "ethics: the city sets its digital roadmap for the years ahead."
            ),
            "image_alt": (
                "Abstract illustration: blue circles and a yellow band, "
                "suggesting a roadmap."
            ),
            "body": [
                p(
                    "After several months of work with the departments and the "
                    "residents, the city council adopted the city's digital "
                    "master plan."
                ),
                h("Four themes"),
                p(
                    "Digital inclusion, so that everyone can reach the services.",
                    "The ecological transition applied to digital: equipment "
                    "that lasts and sober uses.",
                    "Online services for residents, never replacing the front desk.",
                    "Ethics: open data, free software, transparency and "
                    "sovereignty over data and services.",
                ),
                q(
                    "“Vivre libre” means mastering our software and our costs, "
                    "and offering services that reach everyone.",
                    "The deputy mayor for free software",
                ),
            ],
        },
    },
    {
        "slug": "premier-label-territoire-numerique-libre",
        "date": datetime.date(2021, 12, 9),
        "categories": ["labels-et-prix", "logiciels-libres"],
        "tags": ["Territoire Numérique Libre", "ADULLACT"],
        "related": [],
        "fr": {
            "title": "Premier label Territoire Numérique Libre : niveau 4",
            "introduction": (
                "Pour sa première candidature, la ville obtient le niveau 4 du "
                "label et une mention spéciale pour la meilleure première "
                "candidature."
            ),
            "image_alt": "Illustration abstraite : cercles concentriques verts.",
            "body": [
                p(
                    "Le label Territoire Numérique Libre, porté par l'ADULLACT "
                    "avec l'April, l'AFUL, Déclic, le CNLL et d'autres, distingue "
                    "les collectivités qui choisissent le logiciel libre. Il "
                    "compte cinq niveaux.",
                    "Dès sa première candidature, la ville atteint le niveau 4 "
                    "et reçoit une mention spéciale du jury.",
                ),
                h("Dix ans de choix cohérents"),
                p(
                    "Ce résultat récompense un choix engagé depuis la signature "
                    "du Pacte du logiciel libre en 2014."
                ),
            ],
        },
        "en": {
            "title": "First Territoire Numérique Libre label: level 4",
            "slug": "first-territoire-numerique-libre-label",
            "introduction": (
                "For its first application, the city reaches level 4 of the "
                "label and a special mention for the best first application."
            ),
            "image_alt": "Abstract illustration: green concentric circles.",
            "body": [
                p(
                    "The Territoire Numérique Libre label, run by ADULLACT with "
                    "April, AFUL, Déclic, CNLL and others, recognises the "
                    "communities that choose free software. It has five levels.",
                    "With its very first application, the city reaches level 4 "
                    "and receives a special mention from the jury.",
                ),
                h("Ten years of consistent choices"),
                p(
                    "The result rewards a choice made since the city signed the "
                    "Free Software Pact in 2014."
                ),
            ],
        },
    },
    {
        "slug": "niveau-5-du-label-territoire-numerique-libre",
        "date": datetime.date(2022, 11, 10),
        "categories": ["labels-et-prix", "logiciels-libres"],
        "tags": ["Territoire Numérique Libre", "ADULLACT"],
        "related": ["premier-label-territoire-numerique-libre"],
        "fr": {
            "title": "La ville atteint le niveau 5 du label Territoire Numérique Libre",
            "introduction": (
                "Remis à Paris le 9 novembre 2022, le niveau le plus élevé du "
                "label salue les progrès accomplis en un an."
            ),
            "image_alt": "Illustration abstraite : cercles violets sur fond rose.",
            "body": [
                p(
                    "La cérémonie s'est tenue à Paris le 9 novembre 2022. Cette "
                    "année-là, le niveau 5 a aussi été attribué à Abbeville et au "
                    "SITIV, l'opérateur public de services numériques de la "
                    "région lyonnaise.",
                ),
                q(
                    "Ce label appartient aux agents qui font vivre nos outils "
                    "libres au quotidien.",
                    "La directrice de la stratégie et de la culture numériques",
                ),
            ],
        },
        "en": {
            "title": "The city reaches level 5 of the Territoire Numérique Libre label",
            "slug": "level-5-of-the-territoire-numerique-libre-label",
            "introduction": (
                "Awarded in Paris on 9 November 2022, the label's highest level "
                "recognises the progress made in one year."
            ),
            "image_alt": "Abstract illustration: purple circles on a pink background.",
            "body": [
                p(
                    "The ceremony took place in Paris on 9 November 2022. That "
                    "year, level 5 also went to Abbeville and to SITIV, the "
                    "public digital-services operator of the Lyon area.",
                ),
                q(
                    "This label belongs to the staff who keep our free tools "
                    "running every day.",
                    "The director of digital strategy and culture",
                ),
            ],
        },
    },
    {
        "slug": "les-bornes-wi-fi-publiques-en-donnees-ouvertes",
        "date": datetime.date(2023, 5, 16),
        "categories": ["donnees-ouvertes"],
        "tags": ["Wi-Fi", "Licence Ouverte"],
        "related": [],
        "fr": {
            "title": "Les points d'accès Wi-Fi publics en données ouvertes",
            "introduction": (
                "La liste des points d'accès Wi-Fi gratuits de la ville est "
                "publiée sous Licence Ouverte 2.0, réutilisable par tous."
            ),
            "image_alt": "Illustration abstraite : ondes bleu clair sur fond sombre.",
            "body": [
                p(
                    "Publier ses données est pour la ville une question de "
                    "transparence et de démocratie. Le premier jeu de données "
                    "recense les points d'accès Wi-Fi publics : lieu, adresse et "
                    "horaires d'accès.",
                    "Il est publié sous Licence Ouverte 2.0 d'Etalab : chacun "
                    "peut le réutiliser, y compris commercialement, en citant "
                    "la source.",
                ),
                h("D'autres jeux suivront"),
                p(
                    "L'inventaire des logiciels libres utilisés par les services "
                    "et le budget du schéma directeur sont les prochains sur la "
                    "liste."
                ),
            ],
        },
        "en": {
            "title": "Public Wi-Fi access points released as open data",
            "slug": "public-wi-fi-access-points-released-as-open-data",
            "introduction": (
                "The list of the city's free Wi-Fi access points is published "
                "under the Licence Ouverte 2.0, reusable by anyone."
            ),
            "image_alt": (
                "Abstract illustration: light blue waves on a dark background."
            ),
            "body": [
                p(
                    "For the city, publishing its data is a matter of "
                    "transparency and democracy. The first dataset lists the "
                    "public Wi-Fi access points: place, address and opening hours.",
                    "It is published under Etalab's Licence Ouverte 2.0: anyone "
                    "may reuse it, commercially too, provided the source is "
                    "credited.",
                ),
                h("More datasets will follow"),
                p(
                    "The inventory of the free software the departments use and "
                    "the budget of the master plan are next on the list."
                ),
            ],
        },
    },
    {
        "slug": "label-territoire-numerique-libre-2023",
        "date": datetime.date(2023, 12, 7),
        "categories": ["labels-et-prix"],
        "tags": ["Territoire Numérique Libre"],
        "related": [],
        "fr": {
            "title": "Label Territoire Numérique Libre : le niveau 5 confirmé",
            "introduction": (
                "Pour la deuxième année, la ville obtient le plus haut niveau "
                "du label, parmi plus de soixante-dix collectivités labellisées."
            ),
            "image_alt": "Illustration abstraite : cercles orange sur fond crème.",
            "body": [
                p(
                    "Début 2023, 72 collectivités avaient reçu le label. La ville "
                    "conserve le niveau 5, le plus élevé, grâce à des outils "
                    "libres gérés en interne : téléphonie, messagerie, "
                    "visioconférence et outils collaboratifs."
                ),
            ],
        },
        "en": {
            "title": "Territoire Numérique Libre label: level 5 confirmed",
            "slug": "territoire-numerique-libre-label-2023",
            "introduction": (
                "For the second year, the city receives the label's highest "
                "level, among more than seventy labelled communities."
            ),
            "image_alt": "Abstract illustration: orange circles on a cream background.",
            "body": [
                p(
                    "By early 2023, 72 communities had received the label. The "
                    "city keeps level 5, the highest, thanks to free tools run "
                    "in-house: telephony, e-mail, video-conferencing and "
                    "collaborative tools."
                ),
            ],
        },
    },
    {
        "slug": "naissance-d-alposs",
        "date": datetime.date(2024, 2, 8),
        "categories": ["evenements", "logiciels-libres"],
        "tags": ["AlpOSS"],
        "related": ["alposs-2026-plus-de-500-participants"],
        "fr": {
            "title": "Naissance d'AlpOSS, le rendez-vous alpin du logiciel libre",
            "introduction": (
                "Belledonne Communications, OW2 et la ville créent AlpOSS, une "
                "journée pour réunir entreprises, associations et collectivités "
                "du logiciel libre."
            ),
            "image_alt": "Illustration abstraite : cercles jaunes sur fond bleu nuit.",
            "body": [
                p(
                    "AlpOSS, pour Alpes Open Source Software, rassemble celles et "
                    "ceux qui font le logiciel libre dans les Alpes : éditeurs, "
                    "associations, chercheurs et collectivités.",
                    "La première édition accueille environ 250 participants autour "
                    "de conférences, d'ateliers et de stands.",
                ),
            ],
        },
        "en": {
            "title": "AlpOSS is born, the Alpine free-software gathering",
            "slug": "alposs-is-born",
            "introduction": (
                "Belledonne Communications, OW2 and the city create AlpOSS, a "
                "day that brings together free-software companies, associations "
                "and public bodies."
            ),
            "image_alt": (
                "Abstract illustration: yellow circles on a night-blue background."
            ),
            "body": [
                p(
                    "AlpOSS, for Alpes Open Source Software, gathers the people "
                    "who make free software in the Alps: publishers, associations, "
                    "researchers and local authorities.",
                    "The first edition welcomes about 250 participants around "
                    "talks, workshops and stands.",
                ),
            ],
        },
    },
    {
        "slug": "dix-ans-apres-le-pacte-du-logiciel-libre",
        "date": datetime.date(2024, 4, 11),
        "categories": ["logiciels-libres"],
        "tags": ["Pacte du logiciel libre", "SITPI"],
        "related": [],
        "fr": {
            "title": "Dix ans après le Pacte du logiciel libre",
            "introduction": (
                "Signé en 2014, le Pacte du logiciel libre de l'April a guidé "
                "une décennie de choix : un bilan en chiffres."
            ),
            "image_alt": "Illustration abstraite : cercles verts sur fond vert sombre.",
            "body": [
                p(
                    "En 2014, la ville signait le Pacte du logiciel libre proposé "
                    "par l'April. Depuis, elle privilégie les logiciels libres "
                    "dans ses services.",
                ),
                h("Ce que cela change"),
                p(
                    "Environ deux millions d'euros économisés sur un mandat.",
                    "Un cinquième d'un poste informatique consacré au "
                    "développement de logiciels libres partagés avec d'autres "
                    "collectivités.",
                    "Une mutualisation avec les dix communes du SITPI, le "
                    "syndicat intercommunal informatique.",
                ),
            ],
        },
        "en": {
            "title": "Ten years after the Free Software Pact",
            "slug": "ten-years-after-the-free-software-pact",
            "introduction": (
                "Signed in 2014, April's Free Software Pact has guided a decade "
                "of choices: a review in figures."
            ),
            "image_alt": (
                "Abstract illustration: green circles on a dark green background."
            ),
            "body": [
                p(
                    "In 2014, the city signed the Free Software Pact put forward "
                    "by April. Since then, its departments have favoured free "
                    "software.",
                ),
                h("What it changes"),
                p(
                    "About two million euros saved over one municipal term.",
                    "A fifth of one IT post dedicated to developing free "
                    "software shared with other communities.",
                    "Pooling with the ten communes of the SITPI, the "
                    "intercommunal IT syndicate.",
                ),
            ],
        },
    },
    {
        "slug": "troisieme-annee-au-niveau-5",
        "date": datetime.date(2024, 12, 12),
        "categories": ["labels-et-prix"],
        "tags": ["Territoire Numérique Libre"],
        "related": [
            "niveau-5-du-label-territoire-numerique-libre",
            "label-territoire-numerique-libre-2023",
        ],
        "fr": {
            "title": "Trois années de suite au niveau 5",
            "introduction": (
                "En décembre 2024, la ville obtient pour la troisième année "
                "consécutive le niveau 5 du label Territoire Numérique Libre."
            ),
            "image_alt": "Illustration abstraite : trois cercles bleus entrelacés.",
            "body": [
                p(
                    "2022, 2023, 2024 : la constance est saluée par le jury du "
                    "label, qui relève la part croissante des services gérés "
                    "avec des logiciels libres."
                ),
            ],
        },
        "en": {
            "title": "Three years in a row at level 5",
            "slug": "three-years-in-a-row-at-level-5",
            "introduction": (
                "In December 2024, the city receives level 5 of the Territoire "
                "Numérique Libre label for the third year in a row."
            ),
            "image_alt": "Abstract illustration: three interlaced blue circles.",
            "body": [
                p(
                    "2022, 2023, 2024: the label's jury praises this consistency "
                    "and notes the growing share of services run with free "
                    "software."
                ),
            ],
        },
    },
    {
        "slug": "ateliers-numeriques-pour-tous",
        "date": datetime.date(2025, 1, 20),
        "categories": ["inclusion-numerique"],
        "tags": ["Vivre libre"],
        "related": [],
        "fr": {
            "title": "Des ateliers numériques pour tous les habitants",
            "introduction": (
                "Démarches en ligne, messagerie, sécurité : des ateliers "
                "gratuits accompagnent les habitants qui en ont besoin."
            ),
            "image_alt": "Illustration abstraite : cercles roses sur fond prune.",
            "body": [
                p(
                    "Les services en ligne ne doivent laisser personne de côté. "
                    "La ville propose des ateliers gratuits, en petits groupes, "
                    "et garde un accueil physique pour toutes les démarches.",
                ),
                h("S'inscrire"),
                p(
                    "Les inscriptions se font à l'accueil de la mairie ou par "
                    "téléphone. La fréquentation des ateliers est publiée chaque "
                    "année en données ouvertes."
                ),
            ],
        },
        "en": {
            "title": "Digital workshops for every resident",
            "slug": "digital-workshops-for-every-resident",
            "introduction": (
                "Online procedures, e-mail, security: free workshops support the "
                "residents who need it."
            ),
            "image_alt": "Abstract illustration: pink circles on a plum background.",
            "body": [
                p(
                    "Online services must leave nobody behind. The city offers "
                    "free workshops in small groups and keeps a front desk for "
                    "every procedure.",
                ),
                h("Signing up"),
                p(
                    "Sign up at the town hall's front desk or by phone. The "
                    "workshops' attendance is published every year as open data."
                ),
            ],
        },
    },
    {
        "slug": "lancement-de-france-numerique-libre",
        "date": datetime.date(2025, 4, 15),
        "categories": ["evenements", "logiciels-libres"],
        "tags": ["France numérique libre", "Alpes numérique libre"],
        "related": [],
        "fr": {
            "title": "Le réseau France numérique libre est lancé",
            "introduction": (
                "Après Alpes numérique libre et ses 27 collectivités, la ville "
                "lance un réseau national pour partager les logiciels libres "
                "entre collectivités."
            ),
            "image_alt": (
                "Illustration abstraite : réseau de cercles jaunes sur fond bleu."
            ),
            "body": [
                p(
                    "Le réseau Alpes numérique libre réunit 27 collectivités de "
                    "la région grenobloise. Fort de cette expérience, la ville "
                    "lance France numérique libre.",
                    "Le réseau national est soutenu par le ministère de "
                    "l'Éducation nationale, l'ANCT, la DINUM et l'ADULLACT.",
                ),
            ],
        },
        "en": {
            "title": "The France numérique libre network is launched",
            "slug": "the-france-numerique-libre-network-is-launched",
            "introduction": (
                "After Alpes numérique libre and its 27 communities, the city "
                "launches a national network to share free software between "
                "public bodies."
            ),
            "image_alt": "Abstract illustration: a network of yellow circles on blue.",
            "body": [
                p(
                    "The Alpes numérique libre network brings together 27 "
                    "communities of the Grenoble area. Building on it, the city "
                    "launches France numérique libre.",
                    "The national network is supported by the national education "
                    "ministry, the ANCT, the DINUM and ADULLACT.",
                ),
            ],
        },
    },
    {
        "slug": "nec-d-or-2025-de-la-coherence",
        "date": datetime.date(2025, 10, 30),
        "categories": ["labels-et-prix", "evenements"],
        "tags": ["NEC", "ANCT"],
        "related": [],
        "fr": {
            "title": "La ville reçoit le NEC d'or 2025 de la cohérence",
            "introduction": (
                "Remis le 29 octobre 2025 à Strasbourg, lors de la 8e rencontre "
                "Numérique en commun[s], le prix salue une politique numérique "
                "cohérente."
            ),
            "image_alt": "Illustration abstraite : cercles dorés sur fond sombre.",
            "body": [
                p(
                    "Numérique en commun[s] réunit chaque année les acteurs du "
                    "numérique d'intérêt général. La 8e édition, co-organisée "
                    "par l'ANCT, la ville et l'Eurométropole de Strasbourg, a "
                    "rassemblé plus de 1 500 professionnels pendant deux jours.",
                ),
                q(
                    "Ce prix récompense un travail collectif : inclusion, "
                    "logiciels libres et données ouvertes vont ensemble.",
                    "L'adjoint au maire chargé du logiciel libre",
                ),
            ],
        },
        "en": {
            "title": "The city receives the 2025 NEC d'or for consistency",
            "slug": "the-city-receives-the-2025-nec-d-or",
            "introduction": (
                "Awarded on 29 October 2025 in Strasbourg, at the 8th Numérique "
                "en commun[s] gathering, the prize recognises a consistent "
                "digital policy."
            ),
            "image_alt": "Abstract illustration: golden circles on a dark background.",
            "body": [
                p(
                    "Numérique en commun[s] brings together, every year, those "
                    "who work for public-interest digital services. The 8th "
                    "edition, co-organised by the ANCT with the city and "
                    "Eurometropolis of Strasbourg, gathered over 1,500 "
                    "professionals for two days.",
                ),
                q(
                    "This prize rewards collective work: inclusion, free "
                    "software and open data go together.",
                    "The deputy mayor for free software",
                ),
            ],
        },
    },
    {
        "slug": "label-territoire-numerique-libre-or",
        "date": datetime.date(2025, 12, 4),
        "categories": ["labels-et-prix", "logiciels-libres"],
        "tags": ["Territoire Numérique Libre"],
        "related": ["troisieme-annee-au-niveau-5"],
        "fr": {
            "title": "Le label Territoire Numérique Libre « Or » pour la ville",
            "introduction": (
                "Fin 2025, la ville reçoit le label Or avec une mention spéciale "
                "pour la promotion, la communication et la sensibilisation aux "
                "logiciels libres."
            ),
            "image_alt": "Illustration abstraite : cercles jaune d'or sur fond bleu.",
            "body": [
                p(
                    "Après trois années au niveau 5, la ville reçoit le label "
                    "Or. Le jury lui décerne aussi la mention spéciale « Promotion, "
                    "communication et sensibilisation aux logiciels libres ».",
                ),
            ],
        },
        "en": {
            "title": "The “Gold” Territoire Numérique Libre label for the city",
            "slug": "the-gold-territoire-numerique-libre-label",
            "introduction": (
                "At the end of 2025, the city receives the Gold label with a "
                "special mention for promoting, communicating and raising "
                "awareness of free software."
            ),
            "image_alt": "Abstract illustration: golden yellow circles on blue.",
            "body": [
                p(
                    "After three years at level 5, the city receives the Gold "
                    "label. The jury also awards it the special mention "
                    "“Promotion, communication and awareness of free software”.",
                ),
            ],
        },
    },
    {
        "slug": "alposs-2026-plus-de-500-participants",
        "date": datetime.date(2026, 2, 18),
        "categories": ["evenements", "logiciels-libres"],
        "tags": ["AlpOSS"],
        "related": ["naissance-d-alposs"],
        "fr": {
            "title": "AlpOSS 2026 : plus de 500 participants à La Rampe",
            "introduction": (
                "La troisième édition d'AlpOSS, le 17 février 2026, a réuni deux "
                "fois plus de monde qu'en 2024 autour du logiciel libre."
            ),
            "image_alt": (
                "Illustration abstraite : grands cercles bleus sur fond jaune."
            ),
            "body": [
                p(
                    "Tables rondes, conférences, ateliers et stands d'entreprises "
                    "et d'associations : plus de 500 personnes ont participé à "
                    "la troisième édition d'AlpOSS à La Rampe.",
                ),
                h("En vidéo"),
                video(
                    "https://videos.example.org/w/alposs2026demo",
                    "AlpOSS 2026 : le résumé de la journée",
                    "Vidéo de démonstration, 3 minutes, sous-titrée en français.",
                ),
                p(
                    "Rendez-vous en 2027 pour la quatrième édition.",
                ),
            ],
        },
        "en": {
            "title": "AlpOSS 2026: over 500 participants at La Rampe",
            "slug": "alposs-2026-over-500-participants",
            "introduction": (
                "The third AlpOSS, on 17 February 2026, brought together twice "
                "as many people as in 2024 around free software."
            ),
            "image_alt": "Abstract illustration: large blue circles on yellow.",
            "body": [
                p(
                    "Round tables, talks, workshops and stands of companies and "
                    "associations: over 500 people took part in the third "
                    "AlpOSS at La Rampe.",
                ),
                h("On video"),
                video(
                    "https://videos.example.org/w/alposs2026demo",
                    "AlpOSS 2026: the day in brief",
                    "Demo video, 3 minutes, with French subtitles.",
                ),
                p(
                    "See you in 2027 for the fourth edition.",
                ),
            ],
        },
    },
    {
        "slug": "le-catalogue-de-donnees-ouvertes-s-enrichit",
        "date": datetime.date(2026, 9, 24),
        "categories": ["donnees-ouvertes"],
        "tags": ["SCDL", "Licence Ouverte"],
        "related": ["les-bornes-wi-fi-publiques-en-donnees-ouvertes"],
        "fr": {
            "title": "Le catalogue de données ouvertes s'enrichit",
            "introduction": (
                "Budget du schéma directeur, fréquentation des ateliers, "
                "fréquentation d'AlpOSS : de nouveaux jeux de données rejoignent "
                "le catalogue."
            ),
            "image_alt": "Illustration abstraite : cercles verts sur fond clair.",
            "body": [
                p(
                    "Le catalogue suit le schéma national SCDL : chaque jeu de "
                    "données indique sa licence, sa fréquence de mise à jour, sa "
                    "couverture et ses formats.",
                    "Tous sont publiés sous Licence Ouverte 2.0 ou ODbL.",
                ),
            ],
        },
        "en": {
            "title": "The open-data catalogue grows",
            "slug": "the-open-data-catalogue-grows",
            "introduction": (
                "Master-plan budget, workshop attendance, AlpOSS attendance: new "
                "datasets join the catalogue."
            ),
            "image_alt": "Abstract illustration: green circles on a light background.",
            "body": [
                p(
                    "The catalogue follows the national SCDL schema: each dataset "
                    "states its licence, update frequency, coverage and formats.",
                    "All are published under the Licence Ouverte 2.0 or the ODbL.",
                ),
            ],
        },
    },
]


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _index(demo: DemoContext) -> NewsIndexPage:
    index = NewsIndexPage.objects.child_of(demo.home).first()
    if index is None:
        index = NewsIndexPage(slug=INDEX["slug"], **INDEX["fr"])
        demo.home.add_child(instance=index)
        index.save_revision(user=demo.user).publish(user=demo.user)
        demo.log(f"News index created: {index.url_path}")
    if not index.has_translation(demo.locale_en):
        publish_translation(index, INDEX["en"], "en", user=demo.user)
    return index.specific


def _categories(demo: DemoContext) -> dict[str, NewsCategory]:
    categories = {}
    for spec in CATEGORIES:
        category = NewsCategory.objects.filter(
            slug=spec["fr"]["slug"], locale=demo.locale_fr
        ).first()
        if category is None:
            category = NewsCategory.objects.create(locale=demo.locale_fr, **spec["fr"])
            demo.log(f"News category created: {category.name}")
        if not category.has_translation(demo.locale_en):
            publish_translation(category, spec["en"], "en", user=demo.user)
        categories[category.slug] = category
    return categories


def _article(
    demo: DemoContext,
    index: NewsIndexPage,
    categories: dict[str, NewsCategory],
    spec: dict[str, Any],
) -> NewsPage:
    article = NewsPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if article is not None:
        return article
    french = spec["fr"]
    image = demo.image(
        f"Actualité : {french['title']}", french["image_alt"], seed=spec["slug"]
    )
    article = NewsPage(
        slug=spec["slug"],
        title=french["title"],
        introduction=french["introduction"],
        date=spec["date"],
        image=image,
        image_alt=french["image_alt"],
        body=french["body"],
        first_published_at=_aware(spec["date"]),
        owner=demo.user,
    )
    article.categories.set([categories[slug] for slug in spec["categories"]])
    article.tags.set(spec["tags"])
    index.add_child(instance=article)
    article.save_revision(user=demo.user).publish(user=demo.user)
    demo.log(f"News article created: {article.title}")
    return article


def _link_related(articles: dict[str, NewsPage], spec: dict[str, Any]) -> None:
    article = articles[spec["slug"]]
    if not spec["related"] or article.related_links.exists():
        return
    for order, slug in enumerate(spec["related"]):
        NewsPageRelatedLink.objects.create(
            page=article, related=articles[slug], sort_order=order
        )
    article.save_revision().publish()


@transaction.atomic
def load_demo_news(demo: DemoContext) -> None:
    """Create the news section of the demo site, in French and English."""
    index = _index(demo)
    categories = _categories(demo)
    articles = {
        spec["slug"]: _article(demo, index, categories, spec) for spec in ARTICLES
    }
    for spec in ARTICLES:
        _link_related(articles, spec)
    for spec in ARTICLES:
        article = articles[spec["slug"]]
        if not article.has_translation(demo.locale_en):
            publish_translation(article, spec["en"], "en", user=demo.user)
            demo.log(f"News article translated: {spec['en']['title']}")
    demo.log(f"News: {len(articles)} articles in French and English.")
