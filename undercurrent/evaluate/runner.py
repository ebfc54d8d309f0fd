"""The work behind ``undercurrent eval``: run a task's scorers, lay the figures out, check the floors.

Tasks:

- ``ner``: CoNLL-2003 and CoNLL++ (:func:`.ner.score_conll`), a file or a folder of ``*.jsonl``;
- ``timex``: TempEval-3 (:func:`.timex.score_tempeval`), a file or a folder (its TE3-platinum file);
- ``events``: the PLOVER gold-standard records and CASE 2021 (:mod:`.events`), a file or a folder
  searched for ``plover_gsr*.jsonl`` and ``case2021*.jsonl``, or our own ``events_gold.yaml``;
- ``news``: real news with hand-written gold (:mod:`.news`), the ``ir_news_dev`` layout: a folder
  holding the texts and ``gold.jsonl``, scored by the set's own rules;
- ``ours``: every labelled set the project keeps under ``tests/fixtures``, each figure checked
  against its floor in ``floors.yaml``.

The result is plain data (:class:`EvalResult`); the CLI renders it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from ..config import Settings
from ..errors import ConfigError, InputError, UsageError

TASKS = ("ner", "timex", "events", "news", "ours")
FLOORS_FILE = Path(__file__).with_name("floors.yaml")
# The repository's labelled sets, found from this file: undercurrent/evaluate/ -> repo/tests/fixtures.
FIXTURES_DIR = Path(__file__).resolve().parents[2] / "tests" / "fixtures"
OURS_FILES = {
    "roles": "roles_gold.yaml",
    "events": "events_gold.yaml",
    "rosters": "rosters_gold.yaml",
    "dating": "dating_gold.yaml",
    "garble": "clean_sentences.txt",
    "dependence": "dependence_gold.yaml",
    "happenings": "happenings_gold.yaml",
}
# Published TempEval-3 task A value F1 on TE3-platinum (UzZaman et al., 2013, task report).
TEMPEVAL_REFERENCES = (("HeidelTime", 77.61), ("SUTime", 67.38))


@dataclass(frozen=True, slots=True)
class Floor:
    """The lowest (``min``) or highest (``max``) value a figure may take."""

    key: str
    bound: float
    kind: str
    description: str = ""

    def met_by(self, value: float) -> bool:
        """Whether ``value`` is on the right side of the floor (the bound itself passes)."""
        return value >= self.bound if self.kind == "min" else value <= self.bound

    def describe(self) -> str:
        return f"{'>=' if self.kind == 'min' else '<='} {self.bound:g}"


@dataclass(frozen=True, slots=True)
class Figure:
    """One measured figure on one of our labelled sets, with its floor when it has one."""

    set: str
    metric: str
    value: float
    support: str = ""
    floor: Floor | None = None

    @property
    def key(self) -> str:
        return f"{self.set}.{self.metric}"

    @property
    def ok(self) -> bool:
        return self.floor is None or self.floor.met_by(self.value)


@dataclass(frozen=True, slots=True)
class EvalTable:
    """A titled table of strings, ready to print."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EvalResult:
    """What ``undercurrent eval`` prints; ``failures`` (one line each) make it exit 1."""

    tables: tuple[EvalTable, ...]
    failures: tuple[str, ...] = ()
    data: dict[str, Any] | None = None  # the figures as plain data, for --json


# ----------------------------------------------------------------------------- floors


def load_floors(path: str | Path | None = None) -> dict[str, Floor]:
    """Floors by ``set.metric`` key from a YAML file (default: the packaged ``floors.yaml``).

    Example:
        >>> load_floors()["roles.precision"].bound
        0.9
    """
    path = Path(path) if path else FLOORS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read the floors file {path}: {exc}") from exc
    entries = data.get("floors") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise ConfigError(f"{path}: expected a mapping 'floors' of '<set>.<metric>': {{min|max, description}}")
    floors = {}
    for key, spec in entries.items():
        kinds = [k for k in ("min", "max") if isinstance(spec, dict) and k in spec]
        if len(kinds) != 1 or not isinstance(spec[kinds[0]], (int, float)):
            raise ConfigError(f"{path}: floor {key!r} needs exactly one numeric 'min' or 'max'")
        floors[str(key)] = Floor(str(key), float(spec[kinds[0]]), kinds[0], str(spec.get("description", "")))
    return floors


def apply_floors(figures: Iterable[Figure], floors: dict[str, Floor]) -> tuple[tuple[Figure, ...], tuple[str, ...]]:
    """Attach each figure's floor; return the figures and one line per figure below its floor.

    A floor naming no measured figure is a configuration error, so a renamed
    metric cannot silently switch its gate off.

    Example:
        >>> figs, bad = apply_floors([Figure("garble", "f1", 0.7)], {"garble.f1": Floor("garble.f1", 0.8, "min")})
        >>> bad
        ('garble.f1 = 0.7, floor >= 0.8',)
    """
    figures = tuple(figures)
    known = {f.key for f in figures}
    unknown = sorted(set(floors) - known)
    if unknown:
        raise ConfigError(f"floors for figures that are not measured: {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    out = tuple(replace(f, floor=floors.get(f.key)) for f in figures)
    failures = tuple(f"{f.key} = {f.value:g}, floor {f.floor.describe()}" for f in out if f.floor and not f.ok)
    return out, failures


# ----------------------------------------------------------------------------- ours


def _fixture(data_dir: Path, name: str) -> Path:
    path = data_dir / OURS_FILES[name]
    if not path.is_file():
        raise InputError(f"{path}: labelled set missing (give --data the folder holding {', '.join(OURS_FILES.values())})")
    return path


def ours_figures(nlp: Any, data_dir: str | Path, settings: Settings) -> list[Figure]:
    """Every figure on our labelled sets, in a fixed order (no floors attached)."""
    from .between import read_clean_sentences, score_dependence, score_garble, score_rosters
    from .dating import score_dating
    from .events import score_events
    from .happenings import score_happenings
    from .roles import score_roles

    data_dir = Path(data_dir)
    paths = {name: _fixture(data_dir, name) for name in OURS_FILES}
    figs: list[Figure] = []

    r = score_roles(paths["roles"], nlp)
    pairs = f"{r['tp'] + r['fn']} pairs"
    figs += [Figure("roles", m, r[m], pairs) for m in ("precision", "recall", "f1")]

    e = score_events(paths["events"], nlp)
    figs += [
        Figure("events", "precision", e["precision"], f"{e['predicted']} coded"),
        Figure("events", "recall", e["recall"], f"{e['gold']} labelled"),
        Figure("events", "date_accuracy", e["date_accuracy"], f"{e['true_positives']} matched"),
        Figure("events", "modality_accuracy", e["modality_accuracy"], f"{e['true_positives']} matched"),
    ]

    ro = score_rosters(nlp, paths["rosters"])
    figs += [Figure("rosters", m, ro[m], f"{ro['passages']} passages") for m in ("precision", "recall", "f1")]
    figs.append(Figure("rosters", "side_accuracy", ro["side_accuracy"], f"{ro['sides_total']} sides"))

    d = score_dating(nlp, paths["dating"], settings.date_conflict_days)
    figs.append(Figure("dating", "within_month", d["within_month"], f"{d['documents']} texts"))
    figs.append(Figure("dating", "flag_accuracy", d["flag_accuracy"], f"{d['flags_total']} texts"))

    clean = read_clean_sentences(paths["garble"])
    g = score_garble(nlp, clean)
    n = len(clean)
    figs += [Figure("garble", m, g[m], f"{2 * n} garbled") for m in ("precision", "recall", "f1")]
    figs += [Figure("garble", m, g[m], f"{n} garbled") for m in ("shuffled_recall", "truncated_recall")]
    figs.append(Figure("garble", "clean_flagged_share", g["clean_flagged_share"], f"{n} clean"))

    dep = score_dependence(nlp, paths["dependence"])
    figs += [Figure("dependence", m, dep[m], f"{dep['sentences']} sentences")
             for m in ("accuracy", "direction_accuracy", "precision")]  # fmt: skip
    figs.append(Figure("dependence", "modality_accuracy", dep["modality_accuracy"], f"{dep['with_modality']} labelled"))

    h = score_happenings(paths["happenings"])
    figs.append(Figure("happenings", "precision", h["precision"], f"{h['linked_pairs']} links"))
    figs.append(Figure("happenings", "recall", h["recall"], f"{h['gold_pairs']} pairs"))
    return figs


def _ours(nlp: Any, data: Path, settings: Settings, floors: dict[str, Floor]) -> EvalResult:
    figures, failures = apply_floors(ours_figures(nlp, data, settings), floors)
    rows = tuple(
        (f.set, f.metric, f"{f.value:.3f}", f.support, f.floor.describe() if f.floor else "",
         "" if f.floor is None else ("ok" if f.ok else "BELOW"))
        for f in figures
    )  # fmt: skip
    table = EvalTable(f"Our labelled sets ({data})", ("set", "metric", "value", "support", "floor", "status"), rows)
    return EvalResult((table,), failures)


# ----------------------------------------------------------------------------- public sets


def _pct(x: float) -> str:
    return f"{100 * x:.2f}"


def _ner(nlp: Any, data: Path, limit: int | None) -> EvalResult:
    from .ner import TYPES, conll_files, score_conll

    rows = []
    notes = ["OntoNotes labels mapped PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC; MISC not scored; exact spans."]
    for path in conll_files(data):
        res = score_conll(path, nlp, limit)
        notes += [f"{path.stem}: actor extractor failed on {line} (scored with spaCy's entities)" for line in res["failures"]]
        for system in ("spacy", "undercurrent"):
            for t in (*TYPES, "ALL"):
                c = res[system][t]
                rows.append((path.stem, str(res["sentences"]), system, t, _pct(c["precision"]), _pct(c["recall"]),
                             _pct(c["f1"]), str(c["tp"]), str(c["fp"]), str(c["fn"])))  # fmt: skip
    columns = ("file", "sentences", "system", "type", "P", "R", "F1", "tp", "fp", "fn")
    return EvalResult((EvalTable("CoNLL-2003 people, organisations, locations", columns, tuple(rows), tuple(notes)),))


def _timex(nlp: Any, data: Path, limit: int | None) -> EvalResult:
    from .timex import score_tempeval

    files = sorted(data.glob("*platinum*.jsonl")) if data.is_dir() else [data]
    if not files or not files[0].is_file():
        raise InputError(f"{data}: no TempEval-3 JSON Lines file (give the file or a folder holding *platinum*.jsonl)")
    rows = []
    notes: list[str] = []
    for path in files:
        r = score_tempeval(path, nlp, limit=limit)
        notes.append(f"{path.stem}: {r['documents']} documents, {r['gold']} gold timexes, {r['system']} found")
        for metric in ("strict_p", "strict_r", "strict_f1", "relaxed_p", "relaxed_r", "relaxed_f1",
                       "value_f1", "type_f1", "value_accuracy", "type_accuracy"):  # fmt: skip
            rows.append((path.stem, "undercurrent", metric, f"{r[metric]:.2f}"))
    rows += [("TE3-platinum", f"{name} (published)", "value_f1", f"{v:.2f}") for name, v in TEMPEVAL_REFERENCES]
    columns = ("set", "system", "metric", "value (%)")
    table = EvalTable("TempEval-3 task A: time expressions", columns, tuple(rows), tuple(notes))
    return EvalResult((table,))


def _head(path: Path, limit: int | None, tmp: Path) -> Path:
    """``path`` itself, or a copy of its first ``limit`` records for a quick run."""
    if not limit:
        return path
    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    out = tmp / path.name
    out.write_text("\n".join(lines[:limit]) + "\n", encoding="utf-8")
    return out


def _event_sets(data: Path) -> list[tuple[str, Path]]:
    if data.is_file():
        name = data.name
        kind = "ours" if name.endswith((".yaml", ".yml")) else "case2021" if name.startswith("case2021") else "plover_gsr"
        return [(kind, data)]
    found = [("plover_gsr", p) for p in sorted(data.rglob("plover_gsr*.jsonl"))]
    found += [("case2021", p) for p in sorted(data.rglob("case2021*.jsonl"))]
    if not found:
        raise InputError(f"{data}: no plover_gsr*.jsonl or case2021*.jsonl under this folder")
    return found


def _events(nlp: Any, data: Path, limit: int | None) -> EvalResult:
    from . import events as ev

    if not data.exists():
        raise InputError(f"{data}: no such file or folder")
    rows: list[tuple[str, ...]] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="undercurrent-eval-") as tmp:
        for kind, path in _event_sets(data):
            mapping = ""
            if kind == "ours":
                if limit:
                    raise UsageError("--limit applies to JSON Lines sets, not to a YAML labelled set")
                r = ev.score_events(path, nlp)
                support = f"{r['gold']} labelled, {r['predicted']} coded"
                metrics = ("precision", "recall", "date_accuracy", "modality_accuracy")
            elif kind == "plover_gsr":
                r = ev.score_plover_gsr(_head(path, limit, Path(tmp)), nlp)
                support = f"{r['sentences']} sentences, {r['coded_sentences']} coded, {r['dyads_scored']} dyads scored"
                metrics = ("type_recall", "type_precision_on_coded", "dyad_accuracy_on_hits")
                mapping = "old names mapped " + ", ".join(f"{a}->{b}" for a, b in ev.GSR_RENAMES.items())
            else:
                r = ev.score_case2021(_head(path, limit, Path(tmp)), nlp)
                support = f"{r['snippets']} snippets with a PLOVER counterpart, {r['coded_snippets']} coded"
                metrics = ("type_recall", "type_precision_on_coded")
                mapping = "labels scored as " + ", ".join(f"{a}->{b}" for a, b in ev.CASE2021_TO_PLOVER.items())
            rows += [(path.stem, m, _pct(r[m])) for m in metrics]
            notes.append(f"{path.stem}: {support}" + (f"; {mapping}" if mapping else ""))
    table = EvalTable("Events: type and source/target states", ("set", "metric", "value (%)"), tuple(rows), tuple(notes))
    return EvalResult((table,))


def _news(nlp: Any, data: Path, limit: int | None, settings: Settings, errors: bool) -> EvalResult:
    from .news import score_news

    r = score_news(data, nlp, settings, limit=limit, with_errors=errors)
    f = lambda x: f"{x:.3f}"  # noqa: E731
    ev, tu, pe = r["events"], r["tuples"], r["people"]
    wd = r["writing_date"]
    rows = (
        ("people", f(pe["precision"]), f(pe["recall"]), f(pe["f1"]), f"{pe['predicted']} found, {pe['gold']} gold"),
        ("people: sector accuracy", f(pe["sector_accuracy"]), "", "", f"{pe['sector_scored']} matched with a stated role"),
        ("events, mention level", f(ev["precision"]), f(ev["recall"]), f(ev["f1"]),
         f"{ev['predicted']} found, {ev['gold']} gold, {ev['matched']} matched"),
        ("events, tuple level", f(tu["precision"]), f(tu["recall"]), f(tu["f1"]), f"{tu['predicted']} found, {tu['gold']} gold"),
        ("event dates: accuracy", f(r["dates"]["accuracy"]), "", "", f"{r['dates']['scored']} matched with a gold date"),
        ("event dates by sentence", f(r["dates"]["by_sentence"]), "", "",
         f"{r['dates']['sentences_scored']} dated gold events in a sentence we read an event in"),
        ("event modality: accuracy", f(r["modality"]["accuracy"]), "", "", f"{r['modality']['scored']} matched"),
        ("meetings: participant recall", "", f(r["meetings"]["participant_recall"]), "", f"{r['meetings']['gold']} gold meetings"),
        ("writing date: conflict flagged", f(wd["conflict_share"]), "", "", f"{wd['dated_documents']} with a page date"),
        ("writing date without page date: within a month", f(wd["within_month_undated"]), "", "",
         f"{wd['gold_doc_dates']} with a gold date"),
    )  # fmt: skip
    notes = [f"{r['documents']} documents read; states and bodies in the gold unknown to us: {len(r['states']['unknown'])} of "
             f"{r['states']['gold']}" + (f" ({', '.join(r['states']['unknown'])})" if r["states"]["unknown"] else "")]
    notes += [f"not read: {line}" for line in r["failed"]]
    main = EvalTable(f"Real news with gold ({data})", ("figure", "P / value", "R", "F1", "support"), rows, tuple(notes))
    per_type = EvalTable(
        "Events by PLOVER type, mention level", ("type", "gold", "found", "matched", "P", "R"),
        tuple((k, str(c["gold"]), str(c["predicted"]), str(c["matched"]), f(c["precision"]), f(c["recall"]))
              for k, c in r["per_type"].items()),
    )  # fmt: skip
    tables = [main, per_type]
    if errors:
        tables.append(EvalTable(
            "Missed and false events", ("doc", "kind", "type", "parties", "date", "sentence"),
            tuple((e["doc"], e["kind"], e["type"], e["parties"], e["date"], e["sentence"]) for e in r["errors"]),
        ))  # fmt: skip
    return EvalResult(tuple(tables), data=r)


# ----------------------------------------------------------------------------- entry


def run_eval(
    task: str,
    data: str | Path | None,
    settings: Settings,
    limit: int | None = None,
    floors_path: str | Path | None = None,
    nlp_loader: Callable[[str], Any] | None = None,
    errors: bool = False,
) -> EvalResult:
    """Run one evaluation task with the settings' spaCy model.

    Args:
        task: ``ner``, ``timex``, ``events``, ``news`` or ``ours``.
        data: file or folder of the set; ``ours`` defaults to the repository's ``tests/fixtures``.
        settings: the model to load and ``date_conflict_days``.
        limit: score only the first ``limit`` records (not for ``ours``, whose floors are on whole sets).
        floors_path: a floors file instead of the packaged ``floors.yaml`` (``ours`` only).
        nlp_loader: how to load a pipeline by name (default :func:`undercurrent.nlp.load_nlp`).
        errors: ``news`` only: add a table of missed and false events with their sentences.

    Example:
        >>> result = run_eval("ours", None, Settings(model="sm"))  # doctest: +SKIP
        >>> result.failures  # doctest: +SKIP
        ()
    """
    if task not in TASKS:
        raise UsageError(f"unknown task {task!r}: choose one of {', '.join(TASKS)}")
    if limit is not None and limit < 1:
        raise UsageError("--limit must be a positive number of records")
    if task == "ours" and limit:
        raise UsageError("--limit does not apply to `eval ours`: its floors are on whole sets")
    if data is None and task != "ours":
        raise UsageError(f"`eval {task}` needs --data: the file or folder of the evaluation set")
    path = Path(data) if data is not None else FIXTURES_DIR
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    floors = load_floors(floors_path)  # a bad floors file fails before the model loads
    if nlp_loader is None:
        from ..nlp import load_nlp as nlp_loader
    nlp = nlp_loader(settings.model)
    if task == "ours":
        return _ours(nlp, path, settings, floors)
    if task == "news":
        return _news(nlp, path, limit, settings, errors)
    return {"ner": _ner, "timex": _timex, "events": _events}[task](nlp, path, limit)
