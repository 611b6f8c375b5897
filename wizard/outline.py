"""The tree as text an editor can review: an outline, every path, or Mermaid/Graphviz source."""

from __future__ import annotations

from wizard.model import Advice, PartUse, Tree
from wizard.walk import all_paths, format_path, walk


def describe_use(use: PartUse) -> str:
    conditions = []
    if use.when:
        conditions.append("when " + " or ".join(sorted(use.when)))
    if use.unless:
        conditions.append("unless " + " or ".join(sorted(use.unless)))
    return use.part + (f" ({', '.join(conditions)})" if conditions else "")


def describe_advice(tree: Tree, advice: Advice, lang: str) -> list[str]:
    lines = [f"ADVICE {advice.id} [{advice.topic}]: {advice.pages[lang].title}"]
    if advice.intro:
        lines.append("  intro: " + ", ".join(describe_use(u) for u in advice.intro))
    for number, use in enumerate(advice.steps, start=1):
        lines.append(f"  {number}. {describe_use(use)}")
    return lines


def outline(tree: Tree, lang: str) -> str:
    """Questions indented under the answers that lead to them; a shared node is written out once."""
    lines: list[str] = []
    shown: set[str] = set()

    def visit(node_id: str, depth: int) -> None:
        indent = "    " * depth
        node = tree.node(node_id)
        if node_id in shown:
            lines.append(f"{indent}→ {node_id} (see above)")
            return
        shown.add(node_id)
        if isinstance(node, Advice):
            lines.extend(indent + line for line in describe_advice(tree, node, lang))
            return
        lines.append(f"{indent}QUESTION {node_id}: {node.texts[lang]}")
        for earlier, own in node.answered_by.items():
            lines.append(f"{indent}  (not asked after [{earlier}]: taken as [{own}])")
        for option in node.options:
            lines.append(f"{indent}  [{option.id}] {option.labels[lang]}")
            visit(option.next, depth + 1)

    visit(tree.start, 0)
    return "\n".join(lines)


def paths(tree: Tree, lang: str) -> str:
    """One line per path: the answers, the advice, and the parts this visitor would see."""
    lines = []
    for path in all_paths(tree):
        end = walk(tree, path)
        shown = tree.render(end.node, lang, end.answers)
        titles = [s.title for s in shown.steps]
        lines.append(f"{format_path(path)} → {end.node.id}: " + "; ".join(titles))
    return "\n".join(lines)


def mermaid(tree: Tree, lang: str) -> str:
    def quote(text: str) -> str:
        return '"' + text.replace('"', "#quot;") + '"'

    lines = ["flowchart TD"]
    for question in tree.questions.values():
        lines.append(f"  {question.id}{{{quote(question.texts[lang])}}}")
        for option in question.options:
            lines.append(f"  {question.id} -- {quote(option.labels[lang])} --> {option.next}")
    for advice in tree.advice.values():
        lines.append(f"  {advice.id}[{quote(advice.pages[lang].title)}]")
    return "\n".join(lines)


def graphviz(tree: Tree, lang: str) -> str:
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = ["digraph advice {", "  rankdir=LR;"]
    for question in tree.questions.values():
        lines.append(f"  {quote(question.id)} [shape=diamond, label={quote(question.texts[lang])}];")
        for option in question.options:
            lines.append(
                f"  {quote(question.id)} -> {quote(option.next)} [label={quote(option.labels[lang])}];"
            )
    for advice in tree.advice.values():
        lines.append(f"  {quote(advice.id)} [shape=box, label={quote(advice.pages[lang].title)}];")
    lines.append("}")
    return "\n".join(lines)


FORMATS = {"outline": outline, "paths": paths, "mermaid": mermaid, "dot": graphviz}
