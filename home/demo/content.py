"""The demo site's own pages, written from the commune's facts: French first, then
the same structure in English so that `publish_translation` can pair them.

Each builder takes the objects its content links to (pages, the demo document)
and returns {"fr": {...}, "en": {...}} with field values ready to assign.
Coordinates are demonstration placeholders: the `.example` domains and the
04 65 71 … numbers, which ARCEP reserves for fiction, reach nobody.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from wagtail.models import Page
from wagtail.rich_text import RichText

Block = tuple[str, Any]
Spec = dict[str, dict[str, Any]]

COMMUNE = "Ville d'Échirolles"
MOTTO = "Vivre libre"
ADDRESS = "Hôtel de ville\n1 place des Cinq-Fontaines\n38130 Échirolles"
PHONE = "04 65 71 00 00"
EMAIL = "numerique@ville-echirolles.example"
DPO_EMAIL = "dpo@ville-echirolles.example"
ACCESSIBILITY_EMAIL = "accessibilite@ville-echirolles.example"
SOCIAL_LINKS = [
    ("Mastodon", "https://social.ville-echirolles.example/@echirolles"),
    ("PeerTube", "https://videos.ville-echirolles.example/c/echirolles"),
]
AUDIT_DATE = datetime.date(2026, 10, 6)
COMPLIANCE_RATE = Decimal("78.50")

DOCUMENT_TITLE = "Inventaire des logiciels libres des services (démonstration)"
DOCUMENT_FILENAME = "inventaire-logiciels-libres-demo.csv"
DOCUMENT_CSV = """domaine,logiciel,licence,hebergement,note
Téléphonie,Asterisk,GPL-2.0-only,interne,donnée de démonstration
Messagerie,Roundcube,GPL-3.0-or-later,interne,donnée de démonstration
Visioconférence,BigBlueButton,LGPL-3.0-or-later,interne,donnée de démonstration
Outils collaboratifs,Nextcloud,AGPL-3.0-or-later,interne,donnée de démonstration
Bureautique,LibreOffice,MPL-2.0,postes de travail,donnée de démonstration
Site internet,Wagtail,BSD-3-Clause,interne,donnée de démonstration
"""


def p(*paragraphs: str) -> Block:
    """A rich-text block of one or more paragraphs (or raw HTML if it starts with <)."""
    html = "".join(
        text if text.startswith("<") else f"<p>{text}</p>" for text in paragraphs
    )
    return ("paragraph", RichText(html))


def h(text: str, level: str = "h2") -> Block:
    return ("heading", {"text": text, "level": level})


def q(text: str, attribution: str) -> Block:
    return ("quote", {"text": text, "attribution": attribution})


def table(caption: str, rows: list[list[str]]) -> Block:
    """A data table whose first row holds the column headers."""
    return (
        "table",
        {
            "data": rows,
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": caption,
        },
    )


def cta(title: str, text: str, link_text: str, *, page: Page) -> Block:
    return (
        "call_to_action",
        {"title": title, "text": text, "page": page, "url": "", "link_text": link_text},
    )


def doc(document: Any, title: str) -> Block:
    return ("document", {"document": document, "title": title})


def page_link(page: Page | None, text: str) -> str:
    """A rich-text internal link: Wagtail follows it into the reader's language.
    (`page` is None only while titles are read, before the pages exist.)"""
    return f'<a linktype="page" id="{getattr(page, "pk", "")}">{text}</a>'


def home(refs: dict[str, Any]) -> Spec:
    statement, document = refs["accessibility"], refs["document"]
    return {
        "fr": {
            "title": "Échirolles numérique — Vivre libre",
            "slug": "accueil",
            "introduction": (
                "« Vivre libre » : la devise du blason historique de la ville guide "
                "sa politique numérique. Rester maîtres de nos logiciels et de nos "
                "coûts, et offrir des services publics qui atteignent chaque habitant."
            ),
            "image_alt": (
                "Illustration abstraite : des cercles entrelacés au-dessus d'une "
                "bande de couleur, évoquant un réseau ouvert."
            ),
            "body": [
                h("Une politique numérique fondée sur le logiciel libre"),
                p(
                    "Signataire du Pacte du logiciel libre de l'April en 2014, la "
                    "ville privilégie les logiciels libres depuis une dizaine "
                    "d'années. Sa téléphonie, sa messagerie, sa visioconférence et "
                    "ses outils collaboratifs fonctionnent en interne, sur des "
                    "logiciels libres.",
                    "Ce choix a permis d'économiser environ 2 millions d'euros sur "
                    "un mandat municipal. La ville consacre aussi 20 % d'un poste "
                    "informatique au développement des logiciels libres qu'elle "
                    "utilise, partagés avec d'autres collectivités.",
                ),
                h("Le schéma directeur du numérique"),
                p(
                    "Adopté en 2020 et 2021, il donne quatre orientations :",
                    "<ul><li>l'inclusion numérique, pour que chacun accède aux "
                    "services ;</li><li>la transition écologique appliquée au "
                    "numérique ;</li><li>des services aux habitants en ligne, aux "
                    "côtés de l'accueil physique ;</li><li>l'éthique : données "
                    "ouvertes, logiciels libres, transparence et souveraineté sur "
                    "les données et les services.</li></ul>",
                ),
                q(
                    "Vivre libre, c'est rester maîtres de nos outils numériques et "
                    "ne laisser aucun habitant de côté.",
                    "L'adjoint au maire chargé du logiciel libre",
                ),
                h("Quelques repères"),
                table(
                    "La politique numérique de la ville en quelques dates",
                    [
                        ["Année", "Étape"],
                        ["2014", "Signature du Pacte du logiciel libre de l'April"],
                        ["2020–2021", "Adoption du schéma directeur du numérique"],
                        [
                            "2021",
                            "Label Territoire Numérique Libre, niveau 4, avec une "
                            "mention spéciale pour la meilleure première candidature",
                        ],
                        ["2022–2024", "Niveau 5 du label trois années de suite"],
                        [
                            "2025",
                            "Label « Or » et NEC d'or de la cohérence à Strasbourg",
                        ],
                        [
                            "2026",
                            "Troisième édition d'AlpOSS : plus de 500 participants",
                        ],
                    ],
                ),
                h("Travailler avec les autres collectivités"),
                p(
                    "Membre du SITPI, le syndicat intercommunal informatique de dix "
                    "communes, et du réseau « Alpes numérique libre », qui réunit 27 "
                    "collectivités de la région grenobloise, la ville a lancé le "
                    "réseau national « France numérique libre », soutenu par le "
                    "ministère de l'Éducation nationale, l'ANCT, la DINUM et "
                    "l'ADULLACT."
                ),
                doc(document, "Inventaire des logiciels libres des services (CSV)"),
                cta(
                    "Un site pour tous",
                    "Où en est l'accessibilité de ce site, et comment nous signaler "
                    "une difficulté.",
                    "Lire la déclaration d'accessibilité",
                    page=statement,
                ),
            ],
        },
        "en": {
            "title": "Digital Échirolles — Vivre libre",
            "slug": "home",
            "introduction": (
                "“Vivre libre” (live free): the motto on the city's historic coat of "
                "arms guides its digital policy. Staying in control of our software "
                "and our costs, and offering public services that reach every "
                "resident."
            ),
            "image_alt": (
                "Abstract illustration: interlaced circles above a coloured band, "
                "suggesting an open network."
            ),
            "body": [
                h("A digital policy built on free software"),
                p(
                    "The city signed April's Free Software Pact in 2014 and has "
                    "favoured free software for about ten years. Its telephony, "
                    "e-mail, video-conferencing and collaborative tools run in-house, "
                    "on free software.",
                    "This choice saved about 2 million euros over one municipal "
                    "term. The city also devotes 20% of one IT post to developing "
                    "the free software it uses, shared with other local authorities.",
                ),
                h("The digital master plan"),
                p(
                    "Adopted in 2020 and 2021, it sets four directions:",
                    "<ul><li>digital inclusion, so that everyone can reach the "
                    "services;</li><li>the ecological transition applied to "
                    "digital;</li><li>online services for residents, alongside the "
                    "front desk;</li><li>ethics: open data, free software, "
                    "transparency and sovereignty over data and services.</li></ul>",
                ),
                q(
                    "Vivre libre means staying in control of our digital tools and "
                    "leaving no resident behind.",
                    "The deputy mayor for free software",
                ),
                h("Milestones"),
                table(
                    "The city's digital policy in a few dates",
                    [
                        ["Year", "Milestone"],
                        ["2014", "Signature of April's Free Software Pact"],
                        ["2020–2021", "Adoption of the digital master plan"],
                        [
                            "2021",
                            "Territoire Numérique Libre label, level 4, with a special "
                            "mention for the best first application",
                        ],
                        ["2022–2024", "Level 5 of the label three years in a row"],
                        [
                            "2025",
                            "“Or” (gold) label and the NEC d'or for coherence in "
                            "Strasbourg",
                        ],
                        ["2026", "Third AlpOSS conference: over 500 participants"],
                    ],
                ),
                h("Working with other local authorities"),
                p(
                    "A member of the SITPI, the intercommunal IT syndicate of ten "
                    "communes, and of the “Alpes numérique libre” network of 27 "
                    "local authorities of the Grenoble area, the city launched the "
                    "national “France numérique libre” network, supported by the "
                    "national education ministry, the ANCT, the DINUM and ADULLACT."
                ),
                doc(
                    document, "Free-software inventory of the city's departments (CSV)"
                ),
                cta(
                    "A site for everyone",
                    "How accessible this site is, and how to tell us about a "
                    "difficulty.",
                    "Read the accessibility statement",
                    page=statement,
                ),
            ],
        },
    }


def legal_notice(refs: dict[str, Any]) -> Spec:
    privacy = refs["privacy"]
    return {
        "fr": {
            "title": "Mentions légales",
            "slug": "mentions-legales",
            "introduction": (
                "Qui publie ce site, qui l'héberge et à quelles conditions en "
                "réutiliser les contenus."
            ),
            "body": [
                h("Éditeur"),
                p(
                    f"{COMMUNE}, hôtel de ville, 1 place des Cinq-Fontaines, 38130 "
                    f"Échirolles. Téléphone : {PHONE} (coordonnées de démonstration)."
                ),
                h("Direction de la publication"),
                p(
                    "Le maire, représentant légal de la commune. La rédaction est "
                    "assurée par la direction de la stratégie numérique et de la "
                    "culture."
                ),
                h("Hébergement"),
                p(
                    "Le site est hébergé par les services informatiques de la ville, "
                    "sur des serveurs administrés avec des logiciels libres."
                ),
                h("Réutilisation des contenus"),
                p(
                    "Sauf mention contraire, les textes et les données publiés sur ce "
                    "site sont placés sous Licence Ouverte 2.0 (Etalab) : vous pouvez "
                    "les réutiliser librement, y compris à des fins commerciales, en "
                    "citant leur source."
                ),
                table(
                    "Licences des contenus du site",
                    [
                        ["Contenu", "Licence"],
                        ["Textes et illustrations", "Licence Ouverte 2.0 (etalab-2.0)"],
                        ["Jeux de données", "Licence Ouverte 2.0 ou ODbL"],
                        ["Code source du site", "GNU AGPL 3.0 ou ultérieure"],
                    ],
                ),
                h("Code source"),
                p(
                    "Ce site est lui-même un logiciel libre, construit avec Django et "
                    "Wagtail et publié sous licence GNU AGPL version 3 ou ultérieure."
                ),
                cta(
                    "Vos données personnelles",
                    "Ce site ne dépose aucun cookie et ne vous suit pas.",
                    "Lire la politique de données personnelles",
                    page=privacy,
                ),
            ],
        },
        "en": {
            "title": "Legal notice",
            "slug": "legal-notice",
            "introduction": (
                "Who publishes this site, who hosts it and on what terms its "
                "content may be reused."
            ),
            "body": [
                h("Publisher"),
                p(
                    f"{COMMUNE}, town hall, 1 place des Cinq-Fontaines, 38130 "
                    f"Échirolles, France. Telephone: +33 4 65 71 00 00 (demonstration "
                    "details)."
                ),
                h("Publication director"),
                p(
                    "The mayor, legal representative of the commune. The content is "
                    "written by the digital strategy and culture department."
                ),
                h("Hosting"),
                p(
                    "The site is hosted by the city's IT department, on servers run "
                    "with free software."
                ),
                h("Reusing the content"),
                p(
                    "Unless stated otherwise, the texts and data published on this "
                    "site are under the Licence Ouverte 2.0 (Etalab open licence): "
                    "you may reuse them freely, including commercially, provided you "
                    "credit their source."
                ),
                table(
                    "Licences of the site's content",
                    [
                        ["Content", "Licence"],
                        ["Texts and illustrations", "Licence Ouverte 2.0 (etalab-2.0)"],
                        ["Datasets", "Licence Ouverte 2.0 or ODbL"],
                        ["The site's source code", "GNU AGPL 3.0 or later"],
                    ],
                ),
                h("Source code"),
                p(
                    "This site is itself free software, built with Django and Wagtail "
                    "and published under the GNU AGPL version 3 or later."
                ),
                cta(
                    "Your personal data",
                    "This site sets no cookie and does not track you.",
                    "Read the personal data policy",
                    page=privacy,
                ),
            ],
        },
    }


def privacy(refs: dict[str, Any]) -> Spec:
    contact = refs["contact"]
    return {
        "fr": {
            "title": "Données personnelles",
            "slug": "donnees-personnelles",
            "introduction": (
                "Ce site ne dépose aucun cookie et n'utilise aucun traceur ni outil "
                "de mesure d'audience : vous le consultez sans être suivi."
            ),
            "body": [
                h("Aucun cookie, aucun traceur"),
                p(
                    "Les pages publiques ne déposent aucun cookie dans votre "
                    "navigateur, ne chargent aucune ressource d'un autre site "
                    "(polices, scripts, statistiques, réseaux sociaux) et ne mesurent "
                    "pas l'audience. C'est pourquoi aucun bandeau ne vous demande "
                    "votre consentement.",
                    "Seuls les agents qui se connectent à l'espace d'administration "
                    "reçoivent deux cookies strictement nécessaires : leur session "
                    "et la protection contre la falsification de requêtes.",
                ),
                h("Journaux techniques"),
                p(
                    "Comme tout serveur web, celui qui héberge le site enregistre des "
                    "journaux techniques (adresse IP, date, page demandée) pour "
                    "assurer sa sécurité. Ils ne servent à aucun profilage et sont "
                    "conservés un an au plus."
                ),
                table(
                    "Traitements de données personnelles liés au site",
                    [
                        ["Traitement", "Données", "Finalité", "Conservation"],
                        [
                            "Consultation du site",
                            "Aucune donnée collectée par les pages",
                            "Sans objet",
                            "Sans objet",
                        ],
                        [
                            "Journaux du serveur",
                            "Adresse IP, date, page demandée",
                            "Sécurité du service",
                            "Un an au plus",
                        ],
                        [
                            "Espace d'administration",
                            "Identifiant, nom et adresse électronique des agents",
                            "Gestion des contenus",
                            "Durée des fonctions",
                        ],
                        [
                            "Messages adressés à la ville",
                            "Coordonnées et contenu du message",
                            "Réponse à votre demande",
                            "Durée du traitement de la demande",
                        ],
                    ],
                ),
                h("Vos droits"),
                p(
                    "Le règlement général sur la protection des données (RGPD) et la "
                    "loi Informatique et libertés vous donnent un droit d'accès, de "
                    "rectification, d'effacement, de limitation et d'opposition. Pour "
                    "les exercer, écrivez au délégué à la protection des données de "
                    "la ville, dont l'adresse figure sur la "
                    f"{page_link(contact, 'page Contact')}.",
                    "Si vous estimez que vos droits ne sont pas respectés, vous "
                    "pouvez adresser une réclamation à la CNIL.",
                ),
                cta(
                    "Une question sur vos données ?",
                    "Le délégué à la protection des données vous répond.",
                    "Contacter la ville",
                    page=contact,
                ),
            ],
        },
        "en": {
            "title": "Personal data",
            "slug": "personal-data",
            "introduction": (
                "This site sets no cookie and uses no tracker or audience "
                "measurement tool: you read it without being followed."
            ),
            "body": [
                h("No cookie, no tracker"),
                p(
                    "The public pages set no cookie in your browser, load nothing "
                    "from another site (fonts, scripts, statistics, social networks) "
                    "and do not measure the audience. That is why no banner asks for "
                    "your consent.",
                    "Only staff who sign in to the administration area receive two "
                    "strictly necessary cookies: their session and the protection "
                    "against cross-site request forgery.",
                ),
                h("Technical logs"),
                p(
                    "Like any web server, the one hosting this site records technical "
                    "logs (IP address, date, page requested) to keep it secure. They "
                    "are used for no profiling and kept for one year at most."
                ),
                table(
                    "Personal data processing related to the site",
                    [
                        ["Processing", "Data", "Purpose", "Retention"],
                        [
                            "Reading the site",
                            "No data collected by the pages",
                            "Not applicable",
                            "Not applicable",
                        ],
                        [
                            "Server logs",
                            "IP address, date, page requested",
                            "Security of the service",
                            "One year at most",
                        ],
                        [
                            "Administration area",
                            "Staff username, name and e-mail address",
                            "Content management",
                            "While in office",
                        ],
                        [
                            "Messages sent to the city",
                            "Contact details and message",
                            "Answering your request",
                            "While your request is handled",
                        ],
                    ],
                ),
                h("Your rights"),
                p(
                    "The General Data Protection Regulation (GDPR) and the French "
                    "Data Protection Act give you the right of access, rectification, "
                    "erasure, restriction and objection. To exercise them, write to "
                    "the city's data protection officer, whose address is on the "
                    f"{page_link(contact, 'Contact page')}.",
                    "If you believe your rights are not respected, you may lodge a "
                    "complaint with the CNIL, the French data protection authority.",
                ),
                cta(
                    "A question about your data?",
                    "The data protection officer will answer you.",
                    "Contact the city",
                    page=contact,
                ),
            ],
        },
    }


def contact(refs: dict[str, Any]) -> Spec:
    statement = refs["accessibility"]
    return {
        "fr": {
            "title": "Contact",
            "slug": "contact",
            "introduction": (
                "Écrire, appeler ou venir : plusieurs façons de joindre les services "
                "de la ville, en ligne comme au guichet."
            ),
            "body": [
                h("Hôtel de ville"),
                p(
                    f"{COMMUNE}<br/>1 place des Cinq-Fontaines<br/>38130 Échirolles",
                    f"Téléphone : {PHONE}<br/>Courriel : "
                    f'<a href="mailto:{EMAIL}">{EMAIL}</a>',
                    "Ces coordonnées sont celles du site de démonstration.",
                ),
                h("Horaires d'accueil"),
                table(
                    "Horaires d'accueil de l'hôtel de ville (démonstration)",
                    [
                        ["Jours", "Horaires"],
                        ["Du lundi au vendredi", "8 h 30 – 12 h et 13 h 30 – 17 h"],
                        ["Samedi et dimanche", "Fermé"],
                    ],
                ),
                h("Être accompagné dans vos démarches"),
                p(
                    "Les services en ligne ne remplacent pas l'accueil physique : des "
                    "agents et des médiateurs numériques vous aident à faire vos "
                    "démarches, au guichet ou lors d'ateliers d'inclusion numérique."
                ),
                q(
                    "Un service public numérique n'a de sens que s'il reste ouvert à "
                    "celles et ceux qui n'ont pas d'ordinateur.",
                    "La direction de la stratégie numérique et de la culture",
                ),
                h("Délégué à la protection des données"),
                p(
                    "Pour toute question sur vos données personnelles : "
                    f'<a href="mailto:{DPO_EMAIL}">{DPO_EMAIL}</a>.'
                ),
                cta(
                    "Un contenu vous est inaccessible ?",
                    "Signalez-le : nous vous le transmettrons sous une autre forme.",
                    "Lire la déclaration d'accessibilité",
                    page=statement,
                ),
            ],
        },
        "en": {
            "title": "Contact",
            "slug": "contact",
            "introduction": (
                "Write, call or come in: several ways to reach the city's "
                "departments, online as well as at the front desk."
            ),
            "body": [
                h("Town hall"),
                p(
                    f"{COMMUNE}<br/>1 place des Cinq-Fontaines<br/>38130 Échirolles, "
                    "France",
                    "Telephone: +33 4 65 71 00 00<br/>E-mail: "
                    f'<a href="mailto:{EMAIL}">{EMAIL}</a>',
                    "These are the demonstration site's contact details.",
                ),
                h("Opening hours"),
                table(
                    "Opening hours of the town hall (demonstration)",
                    [
                        ["Days", "Hours"],
                        ["Monday to Friday", "8:30 am – 12 noon and 1:30 – 5 pm"],
                        ["Saturday and Sunday", "Closed"],
                    ],
                ),
                h("Getting help with your procedures"),
                p(
                    "Online services do not replace the front desk: staff and "
                    "digital mediators help you with your procedures, at the desk or "
                    "in digital-inclusion workshops."
                ),
                q(
                    "A digital public service only makes sense if it stays open to "
                    "those who have no computer.",
                    "The digital strategy and culture department",
                ),
                h("Data protection officer"),
                p(
                    "For any question about your personal data: "
                    f'<a href="mailto:{DPO_EMAIL}">{DPO_EMAIL}</a>.'
                ),
                cta(
                    "Some content is out of your reach?",
                    "Tell us: we will send it to you in another form.",
                    "Read the accessibility statement",
                    page=statement,
                ),
            ],
        },
    }


def accessibility(refs: dict[str, Any]) -> Spec:
    contact_page = refs["contact"]
    mail = f'<a href="mailto:{ACCESSIBILITY_EMAIL}">{ACCESSIBILITY_EMAIL}</a>'
    return {
        "fr": {
            "title": "Déclaration d'accessibilité",
            "slug": "declaration-d-accessibilite",
            "introduction": (
                "La ville d'Échirolles s'engage à rendre ses sites internet "
                "accessibles, conformément à l'article 47 de la loi n° 2005-102 du "
                "11 février 2005. Cette déclaration s'applique au site « Échirolles "
                "numérique — Vivre libre »."
            ),
            "audit_date": AUDIT_DATE,
            "rgaa_version": "4.1.2",
            "auditor": (
                "Audit interne de la direction de la stratégie numérique et de la "
                "culture"
            ),
            "compliance_rate": COMPLIANCE_RATE,
            "audited_pages": (
                "<ul><li>Accueil</li><li>Actualités</li><li>Un article "
                "d'actualité</li><li>Contact</li><li>Mentions légales</li>"
                "<li>Données personnelles</li><li>Plan du site</li>"
                "<li>Déclaration d'accessibilité</li></ul>"
            ),
            "test_environment": (
                "<ul><li>Firefox et NVDA sous Windows</li><li>Safari et VoiceOver "
                "sous macOS et iOS</li><li>Chromium et Orca sous Linux</li></ul>"
                "<p>Outils : axe-core, analyseur de contraste des couleurs, "
                "validateur HTML du W3C, navigation au seul clavier.</p>"
            ),
            "non_compliant_content": (
                "<p>Les critères suivants ne sont pas encore respectés :</p><ul>"
                "<li>certaines illustrations des actualités ont une alternative "
                "textuelle trop générale (critère 1.3) ;</li><li>quelques vidéos "
                "n'ont pas encore de sous-titres synchronisés (critère 4.3) ;</li>"
                "<li>dans certains tableaux de données, les cellules ne sont pas "
                "toutes associées à leurs en-têtes (critère 5.7) ;</li><li>des "
                "documents bureautiques anciens n'ont pas de version accessible "
                "(critère 13.3).</li></ul>"
            ),
            "derogations": (
                "<p>Les comptes rendus du conseil municipal antérieurs à 2020, "
                "numérisés en PDF, ne seront pas rendus accessibles : leur reprise "
                "serait une charge disproportionnée au regard de leur consultation. "
                "Ils vous sont transmis sous une autre forme sur simple demande.</p>"
            ),
            "exempt_content": (
                "<p>La carte interactive des points d'accès Wi-Fi publics : ses "
                "informations sont aussi publiées sous forme de jeu de données "
                "ouvert.</p>"
            ),
            "contact": (
                "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, "
                f"écrivez à {mail} ou appelez le {PHONE} : nous vous orienterons "
                "vers une alternative accessible ou vous transmettrons le contenu "
                "sous une autre forme.</p><p>Les autres moyens de nous joindre sont "
                f"sur la {page_link(contact_page, 'page Contact')}.</p>"
            ),
            "recourse": (
                "<p>Si vous nous avez signalé un défaut d'accessibilité qui vous "
                "empêche d'accéder à un contenu ou à un service et que vous n'avez "
                "pas obtenu de réponse satisfaisante, vous pouvez saisir le "
                "Défenseur des droits :</p><ul><li>par son formulaire en ligne ;</li>"
                "<li>en contactant le délégué du Défenseur des droits de votre "
                "région ;</li><li>par courrier gratuit, sans affranchissement : "
                "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07."
                "</li></ul>"
            ),
        },
        "en": {
            "title": "Accessibility statement",
            "slug": "accessibility-statement",
            "introduction": (
                "The city of Échirolles is committed to making its websites "
                "accessible, in accordance with article 47 of French law no. "
                "2005-102 of 11 February 2005. This statement applies to the "
                "“Digital Échirolles — Vivre libre” site."
            ),
            "auditor": "Internal audit by the digital strategy and culture department",
            "audited_pages": (
                "<ul><li>Home</li><li>News</li><li>A news article</li>"
                "<li>Contact</li><li>Legal notice</li><li>Personal data</li>"
                "<li>Site map</li><li>Accessibility statement</li></ul>"
            ),
            "test_environment": (
                "<ul><li>Firefox and NVDA on Windows</li><li>Safari and VoiceOver "
                "on macOS and iOS</li><li>Chromium and Orca on Linux</li></ul>"
                "<p>Tools: axe-core, a colour contrast analyser, the W3C HTML "
                "validator, keyboard-only navigation.</p>"
            ),
            "non_compliant_content": (
                "<p>The following criteria are not met yet:</p><ul><li>some news "
                "illustrations have a text alternative that is too general "
                "(criterion 1.3);</li><li>a few videos have no synchronised "
                "captions yet (criterion 4.3);</li><li>in some data tables, not "
                "every cell is associated with its headers (criterion 5.7);</li>"
                "<li>some older office documents have no accessible version "
                "(criterion 13.3).</li></ul>"
            ),
            "derogations": (
                "<p>The city council minutes from before 2020, scanned as PDF, will "
                "not be made accessible: reworking them would be a "
                "disproportionate burden given how rarely they are read. We send "
                "them to you in another form on request.</p>"
            ),
            "exempt_content": (
                "<p>The interactive map of public Wi-Fi access points: its "
                "information is also published as an open dataset.</p>"
            ),
            "contact": (
                "<p>If you cannot reach some content or a service, write to "
                f"{mail} or call +33 4 65 71 00 00: we will point you to an "
                "accessible alternative or send you the content in another form."
                "</p><p>Other ways to reach us are on the "
                f"{page_link(contact_page, 'Contact page')}.</p>"
            ),
            "recourse": (
                "<p>If you reported an accessibility defect that keeps you from "
                "some content or service and did not get a satisfactory answer, you "
                "may refer the matter to the Défenseur des droits (the French "
                "rights ombudsman):</p><ul><li>through its online form;</li><li>by "
                "contacting the Défenseur des droits' delegate in your region;</li>"
                "<li>by free post, without a stamp: Défenseur des droits, Libre "
                "réponse 71120, 75342 Paris CEDEX 07.</li></ul>"
            ),
        },
    }


def site_map(refs: dict[str, Any]) -> Spec:
    return {
        "fr": {
            "title": "Plan du site",
            "slug": "plan-du-site",
            "introduction": (
                "Toutes les pages publiées du site, rangées par rubrique."
            ),
        },
        "en": {
            "title": "Site map",
            "slug": "site-map",
            "introduction": "Every published page of the site, grouped by section.",
        },
    }
