"""Generate a synthetic Jekyll site of French articles for benchmarks.

    python benchmarks/generate_site.py OUT_DIR --articles 10000 [--seed 1]

Writes OUT_DIR/content/fr/<collection>/<slug>.markdown and OUT_DIR/i18npub.toml.

The articles imitate the shape of real public-sector news articles written in kramdown
(front matter with folded and quoted scalars, links with `{:target="_blank"}`, quotes used as
boxes closed by a class IAL, raw HTML figures, trailing spaces, missing final newlines), so
that the benchmark exercises the same code paths as real content. The text is made of
French-like sentences assembled from the word lists below. The output depends only on the
seed and the number of articles.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
import unicodedata
from pathlib import Path

from i18npub.site.config import CONFIG_NAME, DEFAULT_PROSE_KEYS, render_config

# Size distribution of the real corpus: 0.2 to 18 KB, median about 4 KB, long right tail.
MEDIAN_BYTES = 4000
SIZE_SIGMA = 0.75
MIN_BYTES = 200
MAX_BYTES = 18000

COLLECTIONS = [
    ("_actualites", 55),
    ("_communiques", 20),
    ("_evenements", 10),
    ("_publications", 10),
    ("_pages", 5),
]
CATEGORIES = ["Actualité", "Communiqué de presse", "Événement", "Publication", "Note aux rédactions"]
TAGS = [
    "accessibilité numérique", "données ouvertes", "Tchap", "identité numérique", "cloud",
    "logiciel libre", "design des services", "recrutement", "sécurité", "Open source",
    "transformation publique", "inclusion numérique", "intelligence artificielle", "RGAA",
]

# Subjects come with the verbs of their grammatical number so the sentences agree.
SUBJECTS_SINGULAR = [
    "la direction interministérielle du numérique", "l’équipe du programme", "chaque ministère",
    "le gouvernement", "l’incubateur de services numériques", "la plateforme", "le réseau des référents",
    "l’agence nationale", "la mission d’appui", "le comité de pilotage", "l'administration centrale",
    "la préfecture de région", "le service public de l’emploi", "l’opérateur de l’État",
]
SUBJECTS_PLURAL = [
    "les agents publics", "les collectivités territoriales", "les usagers", "les équipes projet",
    "les administrations", "les entrepreneurs d’intérêt général", "les lauréats", "les services déconcentrés",
    "les partenaires associatifs", "les designers de l'État", "les développeurs", "les élus locaux",
]
VERBS_SINGULAR = [
    "accompagne", "déploie", "publie", "lance", "renforce", "simplifie", "met en œuvre", "présente",
    "finance", "évalue", "ouvre", "améliore", "coordonne", "soutient", "expérimente", "généralise",
]
VERBS_PLURAL = [
    "accompagnent", "déploient", "publient", "lancent", "renforcent", "simplifient", "mettent en œuvre",
    "présentent", "financent", "évaluent", "ouvrent", "améliorent", "coordonnent", "soutiennent",
]
OBJECTS = [
    "un nouveau service en ligne", "la plateforme des démarches simplifiées", "des outils collaboratifs",
    "le référentiel général d’accessibilité", "une messagerie sécurisée", "les données de référence",
    "un programme de formation", "le tableau de bord de la qualité", "des communs numériques",
    "une feuille de route ambitieuse", "l’identité numérique des citoyens", "le socle interministériel",
    "un appel à projets", "la stratégie nationale pour le cloud", "les compétences numériques des agents",
    "un guichet unique", "des ateliers participatifs", "le label de qualité", "une charte d'engagements",
    "les services publics numériques", "un baromètre annuel", "les logiciels libres de l’État",
]
COMPLEMENTS = [
    "d’ici la fin de l’année", "en lien étroit avec les usagers", "dans toute la France",
    "grâce à une méthode agile", "pour la troisième année consécutive", "en moins de six mois",
    "avec le soutien du plan de relance", "au service de l’intérêt général", "dès le mois prochain",
    "sur l’ensemble du territoire", "en partenariat avec les régions", "à partir du 1er janvier",
    "dans le respect de la vie privée", "pour simplifier la vie des citoyens", "de manière progressive",
    "au plus près des besoins du terrain", "depuis son lancement en 2019", "avec plus de 2 000 participants",
]
OPENERS = [
    "Depuis plusieurs mois", "Concrètement", "Par ailleurs", "À cette occasion", "Dans ce cadre",
    "En 2023", "Pour la première fois", "Au total", "Selon le dernier bilan", "Comme prévu",
]
HEADINGS = [
    "Les chiffres clés", "Une démarche collective", "Ce qui change pour les usagers", "Les prochaines étapes",
    "Un bilan encourageant", "Comment candidater ?", "Les lauréats de l’édition", "Une mise à jour nécessaire",
    "Retour sur la journée", "Pour aller plus loin", "Le calendrier", "Qui peut participer ?",
    "Des résultats concrets", "L’avis des agents", "Les engagements de l'État",
]
LINK_TEXTS = [
    "Consulter le rapport", "En savoir plus", "Lire le communiqué", "Découvrir la plateforme",
    "Télécharger le dossier de presse", "Voir le programme complet", "Accéder au formulaire",
    "Lire l’étude complète", "Consulter la foire aux questions",
]
DOMAINS = [
    "https://www.numerique.exemple.gouv.fr", "https://www.data.exemple.gouv.fr", "https://beta.exemple.gouv.fr",
    "https://www.legifrance.exemple.gouv.fr", "https://design.exemple.gouv.fr", "https://www.exemple.fr",
]
PATH_WORDS = ["actualites", "publications", "programme", "services", "rapport", "donnees", "outils", "guide"]
TARGET_IALS = ['{:target="_blank"}'] * 8 + ['{: target="_blank"}', '{:target="blank"}']
BOX_IALS = ["{: .encadre}", "{: .lien-important}", "{: .text-center}"]


def pick_weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([name for name, _ in pairs], weights=[weight for _, weight in pairs])[0]


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def url(rng: random.Random) -> str:
    path = "/".join(rng.sample(PATH_WORDS, rng.randint(1, 3)))
    return f"{rng.choice(DOMAINS)}/{path}/"


def link(rng: random.Random, text: str) -> str:
    """A Markdown link, most of the time with the site's habitual new-window IAL."""
    target = rng.choice(TARGET_IALS) if rng.random() < 0.8 else ""
    return f"[{text}]({url(rng)}){target}"


def clause(rng: random.Random, decorate: bool) -> str:
    """Subject + verb + object + complement; `decorate` allows bold and links on the object."""
    if rng.random() < 0.5:
        subject, verb = rng.choice(SUBJECTS_SINGULAR), rng.choice(VERBS_SINGULAR)
    else:
        subject, verb = rng.choice(SUBJECTS_PLURAL), rng.choice(VERBS_PLURAL)
    obj = rng.choice(OBJECTS)
    if decorate:
        roll = rng.random()
        if roll < 0.12:
            obj = link(rng, obj)
        elif roll < 0.22:
            obj = f"**{obj}**"
    return f"{subject} {verb} {obj} {rng.choice(COMPLEMENTS)}"


def sentence(rng: random.Random, decorate: bool = True) -> str:
    roll = rng.random()
    if roll < 0.25:
        text = f"{rng.choice(OPENERS)}, {clause(rng, decorate)}"
    elif roll < 0.35:
        text = f"{capitalize(clause(rng, decorate))} : {clause(rng, decorate)}"
    else:
        text = capitalize(clause(rng, decorate))
    return text + rng.choice([".", ".", ".", ".", " !", " ; c’est une première."])


def paragraph(rng: random.Random) -> str:
    sentences = [sentence(rng) for _ in range(rng.randint(2, 6))]
    if rng.random() < 0.15:
        # hard line breaks, as the site's editor produces them
        return "  \n".join(sentences)
    text = " ".join(sentences)
    return text + " " if rng.random() < 0.2 else text


def heading(rng: random.Random) -> str:
    title = rng.choice(HEADINGS)
    roll = rng.random()
    if roll < 0.15:
        return f"#### **{title}**"
    marks = "#" * rng.choice([2, 3, 3, 4])
    return f"{marks} {title}" + ("  " if roll > 0.9 else "")


def bullet_list(rng: random.Random) -> str:
    marker = rng.choice(["*", "*", "-"])
    lines = []
    for _ in range(rng.randint(3, 6)):
        lines.append(f"{marker} {clause(rng, True)} ;")
        if rng.random() < 0.1:
            lines.append(f"  {marker} {rng.choice(OBJECTS)} ;")
    lines[-1] = lines[-1][:-2] + "."
    return "\n".join(lines)


def numbered_list(rng: random.Random) -> str:
    return "\n".join(f"{n}. {capitalize(clause(rng, True))}." for n in range(1, rng.randint(3, 6)))


def box(rng: random.Random) -> str:
    """A blockquote used as a box, closed by a class IAL after the quote."""
    if rng.random() < 0.5:
        return f"> {link(rng, rng.choice(LINK_TEXTS))}\n{rng.choice(BOX_IALS)}"
    return (
        f"> ### {rng.choice(HEADINGS)}\n>\n> {sentence(rng)} {sentence(rng)}\n>\n"
        f"> > {link(rng, rng.choice(LINK_TEXTS))}\n{{: .encadre}}"
    )


def figure(rng: random.Random, slug: str) -> str:
    width = rng.choice([25, 30, 40, 80])
    side = rng.choice(["center", "left", "right"])
    caption = capitalize(rng.choice(OBJECTS))
    return (
        f"<figure class='image-{side}' style='width: {width}%;'>\n"
        f'<img src="/uploads/{slug}-{rng.randint(1, 9)}.jpg" alt="{caption}">\n'
        f"<figcaption>{capitalize(clause(rng, False))}</figcaption>\n</figure>"
    )


def html_box(rng: random.Random) -> str:
    return (
        f'<div class="encadre noir" style="margin-bottom:40px"><h3>{rng.choice(HEADINGS)}</h3>\n'
        f"<p>{sentence(rng, decorate=False)} {sentence(rng, decorate=False)}</p></div>"
    )


def table(rng: random.Random) -> str:
    rows = [
        f"| {capitalize(rng.choice(OBJECTS))} | {rng.randint(2015, 2025)} | {rng.randint(1, 99)} {rng.randint(100, 999)} |"
        for _ in range(rng.randint(2, 5))
    ]
    return "| Projet | Année | Agents concernés |\n|:--------|:-------:|--------:|\n" + "\n".join(rows)


BLOCKS = [
    ("paragraph", 50), ("heading", 12), ("bullets", 10), ("numbered", 4), ("box", 7),
    ("figure", 5), ("html_box", 3), ("table", 2), ("breaks", 3),
]


BLOCK_WRITERS = {
    "paragraph": lambda rng, slug: paragraph(rng),
    "heading": lambda rng, slug: heading(rng),
    "bullets": lambda rng, slug: bullet_list(rng),
    "numbered": lambda rng, slug: numbered_list(rng),
    "box": lambda rng, slug: box(rng),
    "figure": figure,
    "html_box": lambda rng, slug: html_box(rng),
    "table": lambda rng, slug: table(rng),
    "breaks": lambda rng, slug: "<br>\n<br>",
}


def fold(text: str, first_width: int, width: int = 80, indent: str = "  ") -> str:
    """Fold a YAML scalar at spaces like Siteleaf does: continuation lines indented."""
    lines, current, limit = [], "", first_width
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > limit:
            lines.append(current)
            current, limit = word, width - len(indent)
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return f"\n{indent}".join(lines)


def single_quoted(text: str, key: str) -> str:
    return f"{key}: '" + fold(text.replace("'", "''"), 80 - len(key) - 3) + "'"


def title_line(rng: random.Random, title: str) -> str:
    if " : " in title:
        return single_quoted(title, "title")
    if len(title) > 60 and rng.random() < 0.5:
        # plain scalar folded over two lines
        cut = title.rfind(" ", 0, len(title) // 2 + 10)
        return f"title: {title[:cut]}\n  {title[cut + 1:]}"
    return f"title: {title}"


def chapeau(rng: random.Random) -> str:
    sentences = [sentence(rng, decorate=False) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.3:
        sentences.insert(1, f"{link(rng, rng.choice(LINK_TEXTS))}.")
    if rng.random() < 0.1:
        sentences[0] += "<br>"
    return " ".join(sentences)


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].rstrip("-")


def front_matter(rng: random.Random, title: str, slug: str, small: bool) -> str:
    offset = rng.choice(["+01:00", "+02:00"])
    lines = [
        "---",
        title_line(rng, title),
        f"date: {rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
        f"{rng.randint(8, 18):02d}:{rng.choice(['00', '15', '30', '45'])}:00 {offset}",
    ]
    if not small:
        lines += ["categories:", f"- {rng.choice(CATEGORIES)}", "tags:"]
        lines += [f"- {tag}" for tag in rng.sample(TAGS, rng.randint(1, 4))]
        lines.append(single_quoted(chapeau(rng), "chapeau-text"))
        if rng.random() < 0.7:
            lines += [
                "une-ou-diaporama:",
                f'- image: "/uploads/{slug}.jpg"',
                f"  alternative-textuelle: {capitalize(rng.choice(OBJECTS))}",
            ]
    lines.append("---")
    return "\n".join(lines) + "\n"


def article(rng: random.Random, slug: str, title: str) -> str:
    target = int(min(MAX_BYTES, max(MIN_BYTES, rng.lognormvariate(math.log(MEDIAN_BYTES), SIZE_SIGMA))))
    text = front_matter(rng, title, slug, small=target < 700)
    blocks: list[str] = []
    size = len(text.encode("utf-8"))
    while size < target:
        piece = BLOCK_WRITERS[pick_weighted(rng, BLOCKS)](rng, slug)
        piece_size = len(piece.encode("utf-8")) + 2
        if size + piece_size > MAX_BYTES:
            break
        blocks.append(piece)
        size += piece_size
    if blocks:
        text += "\n" + "\n\n".join(blocks)
    # endings as found in the real corpus: about half without a final newline, some with several
    roll = rng.random()
    if roll < 0.45:
        return text.rstrip("\n")
    if roll < 0.7:
        return text.rstrip("\n") + "\n" * rng.randint(2, 6)
    return text.rstrip("\n") + "\n"


def make_title(rng: random.Random) -> str:
    title = capitalize(clause(rng, decorate=False))
    if rng.random() < 0.2:
        title = f"{rng.choice(HEADINGS).rstrip(' ?')} : {title[0].lower()}{title[1:]}"
    return title


def generate(out_dir: Path, count: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    source = out_dir / "content" / "fr"
    used: set[str] = set()
    written = []
    for _ in range(count):
        collection = pick_weighted(rng, COLLECTIONS)
        title = make_title(rng)
        base = slugify(title)
        slug, n = base, 1
        while f"{collection}/{slug}" in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(f"{collection}/{slug}")
        path = source / collection / f"{slug}.markdown"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(article(rng, slug, title).encode("utf-8"))
        written.append(path)
    # the real site's configuration adds its image alternative texts to the defaults
    site_keys = DEFAULT_PROSE_KEYS + ["une-ou-diaporama[].alternative-textuelle"]
    (out_dir / CONFIG_NAME).write_text(render_config("fr", ["en"], prose_keys=site_keys), encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if (args.out_dir / "content").exists():
        parser.error(f"{args.out_dir / 'content'} already exists; choose an empty folder")
    paths = generate(args.out_dir, args.articles, args.seed)
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} articles, {total / 1e6:.1f} MB in {args.out_dir / 'content' / 'fr'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
