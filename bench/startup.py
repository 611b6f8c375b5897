"""Start-up and the editor's reload on save, with today's content and a generated set ten times as large.

    .venv/bin/python -m bench.startup [--runs 5] [--compare REV]

Start-up: wall time of a fresh `python -c "import wsgi"` (interpreter, imports, reading and
checking all content, building the app). Reload: under the editor's preview (`flask run
--debug`), the time of the first request after a content file is saved, which reads all content
again. Each figure is the median of --runs runs, with the spread (lowest–highest); the runs of
every setup are interleaved, so a busy neighbour slows them alike. "10×" is a
copy of the content with every page and course copied nine more times and the advice tree's
questions and advice copied nine more times behind new answers to its first question.

--compare REV measures the same with the code and content of a git revision (e.g. `split`) in
the same run, side by side. Counting goes to a throwaway SQLite file; instance/ is not touched.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from courses.progress import course_character

REPO_ROOT = Path(__file__).resolve().parent.parent
COPIES = 10
PACKAGES = {"hulpwijzer": "site", "wizard": "wizard", "courses": "courses", "contentkit": "contentkit"}

# Runs in a child process with the code under test first on sys.path: builds the preview app,
# then saves a page file again and again and times the request that follows each save.
RELOAD_CHILD = """
import json, os, sys, tempfile, time
from pathlib import Path
from hulpwijzer import create_app
content, runs = Path(sys.argv[1]), int(sys.argv[2])
folder = tempfile.mkdtemp()
app = create_app({"TESTING": True, "CONTENT_PREVIEW": True, "CONTENT_DIR": str(content),
                  "DATABASE_URL": f"sqlite:///{folder}/counts.sqlite3", "COUNTING": False})
client = app.test_client()
assert client.get("/nl/privacy").status_code == 200
page = content / "pages" / "nl" / "privacy.md"
text = page.read_text(encoding="utf-8")
times = []
for run in range(runs):
    page.write_text(text + "\\n" * (run % 2 + 1), encoding="utf-8")
    os.utime(page, ns=(time.time_ns(), time.time_ns() + run + 1))
    started = time.perf_counter()
    assert client.get("/nl/privacy").status_code == 200
    times.append(time.perf_counter() - started)
page.write_text(text, encoding="utf-8")
print(json.dumps(times))
"""


def code_tree(revision: str | None, work: Path) -> tuple[Path, Path]:
    """(a folder to put first on sys.path, the content folder) for this checkout or a revision."""
    if revision is None:
        source = REPO_ROOT
    else:
        source = work / f"rev-{re.sub(r'[^A-Za-z0-9]', '-', revision)}"
        archive = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "archive", revision], capture_output=True, check=True
        )
        source.mkdir()
        subprocess.run(["tar", "-x", "-C", str(source)], input=archive.stdout, check=True)
    path = work / f"path-{source.name}"
    path.mkdir()
    for package, folder in PACKAGES.items():
        (path / package).symlink_to(source / folder)
    (path / "wsgi.py").symlink_to(source / "wsgi.py")
    return path, source / "content"


def copy_text(source: Path, target: Path, k: int) -> None:
    """A copy whose text differs from the original (so nothing is rendered once for all copies)."""
    text = source.read_text(encoding="utf-8")
    target.write_text(text.rstrip("\n") + f"\n\nKopie {k}.\n", encoding="utf-8")


def ten_times(content: Path, target: Path) -> Path:
    """A copy of the content with pages, courses and the advice tree each ten times as large."""
    shutil.copytree(content, target)
    for page in sorted((target / "pages").glob("*/*.md")):
        if page.stem != "home":
            for k in range(2, COPIES + 1):
                copy_text(page, page.with_name(f"{page.stem}-{k}.md"), k)
    used: set[tuple[int, str]] = set()
    originals = sorted(p for p in (target / "courses").iterdir() if (p / "course.yaml").is_file())
    for course in originals:
        header = (course / "course.yaml").read_text(encoding="utf-8")
        size = len(list((course / "nl").glob("*.md")))
        used.add((size, course_character(course.name, "original: true" in header)))
    for course in originals:
        size = len(list((course / "nl").glob("*.md")))
        for k in range(2, COPIES + 1):
            # A progress code must never fit two courses: pick an id whose hidden character is free.
            new_id = next(
                f"{course.name}-{k}{extra}"
                for extra in ["", *"abcdefghijklmnopqrstuvwxyz"]
                if (size, course_character(f"{course.name}-{k}{extra}", False)) not in used
            )
            used.add((size, course_character(new_id, False)))
            copy = course.with_name(new_id)
            shutil.copytree(course, copy)
            for module in copy.glob("*/*.md"):
                copy_text(module, module, k)
            header = (copy / "course.yaml").read_text(encoding="utf-8")
            header = re.sub(r"^id: (\S+)", f"id: {new_id}", header, flags=re.M)
            header = re.sub(
                r"^slug: \{nl: (\S+), en: (\S+)\}", rf"slug: {{nl: \1-{k}, en: \2-{k}}}", header, flags=re.M
            )
            header = re.sub(r"^original: .*\n", "", header, flags=re.M)
            (copy / "course.yaml").write_text(header, encoding="utf-8")
    grow_tree(target / "advice")
    return target


def grow_tree(advice: Path) -> None:
    tree_file = advice / "tree.yaml"
    tree = yaml.safe_load(tree_file.read_text(encoding="utf-8"))
    start = tree["start"]
    # Copies are made from this untouched original; the start question gains the new answers.
    original = json.loads(json.dumps(tree))
    questions, endings = tree["questions"], tree["advice"]

    def renamed(node: str, k: int) -> str:
        return f"{node}-{k}" if node in original["questions"] or node in original["advice"] else node

    for k in range(2, COPIES + 1):
        for qid, question in original["questions"].items():
            copy = json.loads(json.dumps(question))
            for option in copy.get("options", {}).values():
                option.pop("was", None)
                if "next" in option:
                    option["next"] = renamed(option["next"], k)
            if qid == start:
                for aid, option in copy["options"].items():
                    questions[start]["options"][f"{aid}-{k}"] = option
            else:
                questions[f"{qid}-{k}"] = copy
        for aid, ending in original["advice"].items():
            copy = json.loads(json.dumps(ending))
            if isinstance(copy, dict):
                copy.pop("was", None)
            endings[f"{aid}-{k}"] = copy
            for lang in ("nl", "en"):
                text = advice / lang / f"{aid}.md"
                if text.is_file():
                    copy_text(text, advice / lang / f"{aid}-{k}.md", k)
    tree_file.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False), encoding="utf-8")


def start_up_seconds(path: Path, content: Path, runs: int, work: Path) -> list[float]:
    env = {
        **os.environ,
        "PYTHONPATH": str(path),
        "HULPWIJZER_CONTENT_DIR": str(content),
        "DATABASE_URL": f"sqlite:///{work}/counts.sqlite3",
        "HULPWIJZER_COUNTING": "off",
    }
    child = "import time; t = time.perf_counter(); import wsgi; print(time.perf_counter() - t)"
    times = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", child], env=env, cwd=work, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise SystemExit(f"start-up failed:\n{done.stdout}{done.stderr}")
        times.append(float(done.stdout.strip().splitlines()[-1]))
    return times


def reload_seconds(path: Path, content: Path, runs: int, work: Path) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(path)}
    done = subprocess.run(
        [sys.executable, "-c", RELOAD_CHILD, str(content), str(runs)],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"reload failed:\n{done.stdout}{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def figure(times: list[float]) -> str:
    return f"{statistics.median(times):.2f} s ({min(times):.2f}–{max(times):.2f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--compare", metavar="REV", help="also measure this git revision, e.g. split")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        setups = []
        for label, revision in [("this checkout", None)] + (
            [(args.compare, args.compare)] if args.compare else []
        ):
            path, content = code_tree(revision, work)
            if revision is None:  # the reload saves a file: never in the checkout's own content/
                content = Path(shutil.copytree(content, work / "content-today"))
            big = ten_times(content, work / f"content-10x-{path.name}")
            setups += [(label, "today", path, content), (label, "10×", path, big)]
        # Interleaved, run by run, so that a busy neighbour slows every setup alike.
        times: dict[int, tuple[list[float], list[float]]] = {i: ([], []) for i in range(len(setups))}
        for _ in range(args.runs):
            for i, (_label, _size, path, tree) in enumerate(setups):
                times[i][0].extend(start_up_seconds(path, tree, 1, work))
                times[i][1].extend(reload_seconds(path, tree, 1, work))
        for i, (label, size, _path, _tree) in enumerate(setups):
            start, reload = times[i]
            rows.append((label, size, figure(start), figure(reload)))
            print(f"{label:>14} | {size:>5} | start-up {figure(start)} | reload {figure(reload)}", flush=True)
    print("\n| code | content | start-up | reload on save |\n|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
