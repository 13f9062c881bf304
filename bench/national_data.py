"""The national data set: N agencies × M published years × K KPIs, written with bulk_create.

Usage: .venv/bin/python bench/national_data.py [--agencies 40] [--years 10] [--kpis 20]
       [--first-year 100] [--seed 10] [--files rendered|small]
Fills the database of DATABASE_URL (or a fresh SQLite file in a temporary folder) and prints
what it wrote and how long it took. Also importable: `national_data_generate(size=…)`.

Each agency gets its units, and each year a published cycle (ROC `first_year` onwards) with
goals, KPIs whose tables carry the four years the report prints (two KPIs per agency are the
common budget KPIs; the last four slots are replaced by new KPIs every three years), lights,
achievement, 未達目標項目檢討, the light table and statistics, budget, headcount and program-cost
tables, the layout's chapters with paragraphs of varied length, last year's recommendations
(the 107-style layout only) and one to three published versions (corrections after the first).

Decided where the brief left it open:
- Files: `rendered` renders the first agency-year's report once, in every format, and stores
  those same bytes for every version of every cycle (so the sizes are real, the content says
  the first agency's name; the `published` storage keeps them once, under their SHA-256);
  `small` stores a few placeholder bytes per file (tests).
- History: no simple_history rows are written. Pages that read history show an empty change
  list; the first edit of a generated record starts its history.
- Every cycle is published; nothing is in progress, so no deadlines, submissions or comments.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import national_text as text  # noqa: E402

FILE_BATCH = 10  # rendered files are about a megabyte each: keep one INSERT's size sane


@dataclass(frozen=True)
class Size:
    """How big a data set: the national one by default."""

    agencies: int = 40
    years: int = 10
    kpis: int = 20
    first_year: int = 100


@dataclass
class Written:
    """What one agency-year holds while it is being made."""

    cycle: Any
    goals: list[Any]
    cycle_kpis: list[Any]
    own_years: list[Any]  # the KpiYear of the cycle's own year, per cycle KPI


def _rng(seed: int, *parts: object) -> random.Random:
    """A generator of its own for one thing, so one thing's values do not shift another's.
    Seeded by names and positions, never by database ids, which differ from run to run."""
    return random.Random(":".join(str(p) for p in (seed, *parts)))


def _amount(value: Decimal, places: int = 0) -> str:
    return f"{value:,.{places}f}"


def _roc_date(day: date) -> str:
    return f"{day.year - 1911}年{day.month:02d}月{day.day:02d}日"


def national_data_generate(
    *, size: Size = Size(), seed: int = 10, files: str = "rendered"
) -> dict[str, int]:
    """Write the data set in one transaction; the number of rows written per model."""
    from django.db import transaction

    with transaction.atomic():
        return _generate(size, seed, files)


def _generate(size: Size, seed: int, files: str) -> dict[str, int]:
    from govperf.agencies.models import Agency, Unit

    agencies = Agency.objects.bulk_create(
        Agency(name=text.agency_name(a), name_en=f"Agency {a + 1}") for a in range(size.agencies)
    )
    units = Unit.objects.bulk_create(_units(agencies))
    by_agency: dict[int, list[Any]] = {}
    for unit in units:
        by_agency.setdefault(unit.agency_id, []).append(unit)
    kpis = _kpis(size, seed, agencies)
    written = _cycles(size, seed, agencies, by_agency, kpis)
    counts = {"agencies": len(agencies), "units": len(units), "kpis": sum(map(len, kpis))}
    counts.update(_derived(size, seed, written))
    counts.update(_finance(seed, written))
    counts.update(_narrative(seed, written, by_agency))
    counts.update(_versions(seed, written, files))
    return counts


def _units(agencies: list[Any]) -> Iterator[Any]:
    from govperf.agencies.models import Unit

    for agency in agencies:
        for name, kind in text.OFFICE_UNITS:
            yield Unit(agency=agency, name=name, kind=kind)
        for name in text.BUSINESS_UNITS:
            yield Unit(agency=agency, name=name, kind=Unit.Kind.BUSINESS)


def _era(size: Size, slot: int, year: int) -> int:
    """Which KPI stands in `slot` in `year`: the last four slots are replaced every 3 years."""
    if slot < size.kpis - 4:
        return 0
    return max(0, year - size.first_year) // 3


def _kpis(size: Size, seed: int, agencies: list[Any]) -> list[dict[tuple[int, int], Any]]:
    """Each agency's KPIs by (slot, era): (name, kind, unit) kept beside on `identity`."""
    from govperf.evaluation.models import Kpi

    wanted: list[dict[tuple[int, int], Any]] = []
    for a, agency in enumerate(agencies):
        eras = {
            (slot, _era(size, slot, year))
            for slot in range(size.kpis)
            for year in range(size.first_year, size.first_year + size.years)
        }
        own = {}
        for slot, era in sorted(eras):
            identity = text.kpi_identity(_rng(seed, "kpi", a, slot, era), slot, era)
            own[(slot, era)] = Kpi(agency=agency, name=identity[0])
            own[(slot, era)].identity = identity
        wanted.append(own)
    Kpi.objects.bulk_create([kpi for own in wanted for kpi in own.values()])
    return wanted


def _cycles(
    size: Size,
    seed: int,
    agencies: list[Any],
    units: dict[int, list[Any]],
    kpis: list[dict[tuple[int, int], Any]],
) -> list[Written]:
    """Cycles, goals, cycle KPIs and their four yearly columns, in four bulk inserts."""
    from govperf.evaluation.models import Cycle, CycleKpi, Goal, KpiYear

    cycles, goals, cycle_kpis, years = [], [], [], []
    written = []
    n_goals = max(1, min(5, size.kpis // 4))
    for a, agency in enumerate(agencies):
        goal_names = [text.goal_name(_rng(seed, "goal", a, g), g) for g in range(n_goals)]
        business = [u for u in units[agency.pk] if u.kind == "business"]
        for year in range(size.first_year, size.first_year + size.years):
            cycle = Cycle(
                agency=agency,
                year=year,
                title=f"{year}年度施政績效報告",
                state=Cycle.State.PUBLISHED,
                layout=Cycle.Layout.ROC107 if year <= 107 else Cycle.Layout.POST_REFORM,
                table_headers=_table_headers(year),
            )
            own_goals = [
                Goal(cycle=cycle, position=g + 1, label=f"（{text.chinese_numeral(g + 1)}）",
                     name=goal_names[g])
                for g in range(n_goals)
            ]  # fmt: skip
            item = dict.fromkeys(range(n_goals), 0)
            own = Written(cycle, own_goals, [], [])
            for slot in range(size.kpis):
                g = slot * n_goals // size.kpis
                item[g] += 1
                kpi = kpis[a][(slot, _era(size, slot, year))]
                cycle_kpi = CycleKpi(
                    cycle=cycle, goal=own_goals[g], kpi=kpi, unit=business[slot % len(business)],
                    position=item[g], label=text.full_width(item[g]), row_labels=ROW_LABELS,
                    table_note="---表示本指標係部會評估指標，依部會評核結果核列",
                )  # fmt: skip
                own.cycle_kpis.append(cycle_kpi)
                columns = [
                    _kpi_year(seed, a, slot, kpi, size, cycle_kpi, column)
                    for column in range(year - 3, year + 1)
                ]
                cycle_kpi.generated_columns = columns
                years.extend(columns)
                own.own_years.append(columns[-1])
            cycles.append(cycle)
            goals.extend(own_goals)
            cycle_kpis.extend(own.cycle_kpis)
            written.append(own)
    Cycle.objects.bulk_create(cycles)
    _relink(goals, "cycle")
    Goal.objects.bulk_create(goals)
    _relink(cycle_kpis, "cycle", "goal")
    CycleKpi.objects.bulk_create(cycle_kpis)
    _relink(years, "cycle_kpi")
    KpiYear.objects.bulk_create(years)
    return written


def _relink(objects: list[Any], *fields: str) -> None:
    """Assign again each object `field` names, saved since: its id is set, the object kept."""
    for obj in objects:
        for field in fields:
            setattr(obj, field, getattr(obj, field))


ROW_LABELS = ["項目", "衡量標準", "原訂目標值", "實際值", "達成度", "初核結果", "複核結果"]


def _table_headers(year: int) -> dict[str, Any]:
    """The printed headers of the cycle's tables, for its four years (as the import keeps)."""
    four = [str(y) for y in range(year - 3, year + 1)]
    pairs = ["項數", "比例(%)"] * 4
    return {
        "budget": ["項目", "預決算", *four],
        "headcount": ["年度", *four],
        "program_costs": [
            ["關鍵策略目標", "計畫名稱", f"{year - 1}年度", f"{year}年度", "與KPI關聯"],
            ["", "", "預算數", "預算執行進度(%)", "預算數", "預算執行進度(%)", ""],
        ],
        "light_table": ["關鍵策略目標", "項次", "關鍵績效指標", "初核", "複核"],
        "light_statistics": [["構面", "年度", *four], ["關鍵策略目標", "燈號", *pairs]],
    }


def _kpi_year(seed: int, a: int, slot: int, kpi: Any, size: Size, cycle_kpi: Any, year: int) -> Any:
    """One year's column of a KPI's table: the same figures in every report that prints it."""
    from govperf.domain.light_rules import suggest_light
    from govperf.evaluation.models import KpiYear

    name, kind, unit = kpi.identity
    era = _era(size, slot, cycle_kpi.cycle.year)
    introduced = size.first_year + era * 3 if era else size.first_year - 10
    column = KpiYear(cycle_kpi=cycle_kpi, year=year, header_text=f"{year}年度", kind=kind)
    if year < introduced:  # the KPI did not exist that year
        for field in ("target_text", "actual_text", "achievement_text"):
            setattr(column, field, "--")
        column.initial_light_text = column.review_light_text = "--"
        return column
    rng = _rng(seed, "value", a, slot, era, year)
    # About three in four KPIs meet their target; the rest fall short, a few far short.
    factor = Decimal(rng.uniform(1.0, 1.3) if rng.random() < 0.75 else rng.uniform(0.3, 0.99))
    if kind == "ratio":
        target = Decimal(rng.randint(70, 98))
        actual = min(Decimal(100), (target * factor).quantize(Decimal("0.01")))
    else:
        target = Decimal(rng.randint(5, 5000))
        actual = (target * factor).quantize(Decimal(1))
    achievement = min(Decimal(100), (actual / target * 100).quantize(Decimal("0.01")))
    light = suggest_light(achievement)
    executive = slot % 2 == 0
    review = light if rng.random() < 0.85 else suggest_light(achievement - 20)
    plain = name.split("（")[0]
    ratio = f"（{plain}實際數÷應辦理數）×100％"
    column.measurement_standard = ratio if kind == "ratio" else f"年度{plain}累計數"
    column.target_text, column.target_value, column.target_unit = f"{target}{unit}", target, unit
    column.actual_text, column.actual_value, column.actual_unit = f"{actual}{unit}", actual, unit
    column.achievement_text, column.achievement_value = f"{achievement.normalize():f}%", achievement
    column.initial_light_text, column.initial_light = light.symbol, light.value
    if executive:
        column.review_light_text, column.review_light = review.symbol, review.value
    else:
        column.review_light_text = "---"
    column.tier = KpiYear.Tier.EXECUTIVE if executive else KpiYear.Tier.AGENCY
    if year == cycle_kpi.cycle.year:
        column.analysis = text.paragraph(rng, 2, 10)
        if light != light.GREEN:
            column.missed_reason = text.paragraph(rng, 1, 4)
    return column


def _derived(size: Size, seed: int, written: list[Written]) -> dict[str, int]:
    """未達目標項目檢討, the light table and the light statistics, as a publication writes them."""
    from govperf.evaluation.models import LightStatistic, LightTableRow, Shortfall

    shortfalls, rows, statistics = [], [], []
    for own in written:
        headed: set[int] = set()
        for cycle_kpi, column in zip(own.cycle_kpis, own.own_years, strict=True):
            goal = cycle_kpi.goal
            first_of_goal = cycle_kpi.position == 1
            rows.append(
                LightTableRow(
                    cycle=own.cycle, cycle_kpi=cycle_kpi, position=len(rows) + 1,
                    goal_number=str(goal.position) if first_of_goal else "",
                    goal_name=goal.name.rstrip("。") if first_of_goal else "",
                    item=f"({cycle_kpi.position})", kpi_name=cycle_kpi.kpi.name,
                    initial_light_text=column.initial_light_text,
                    review_light_text=column.review_light_text,
                )
            )  # fmt: skip
            if column.initial_light in ("yellow", "red"):
                heading = "" if goal.pk in headed else f"{goal.label}關鍵策略目標：{goal.name}"
                headed.add(goal.pk)
                shortfalls.append(
                    Shortfall(
                        cycle=own.cycle, kpi_year=column, position=len(shortfalls) + 1,
                        goal_heading=heading, kpi_name=cycle_kpi.kpi.name,
                        standard=column.measurement_standard, target_text=column.target_text,
                        actual_text=column.actual_text,
                        gap_text=f"{100 - column.achievement_value:.2f}",
                        gap_value=100 - column.achievement_value,
                    )
                )  # fmt: skip
        statistics.extend(_statistics(own))
    LightTableRow.objects.bulk_create(rows)
    Shortfall.objects.bulk_create(shortfalls)
    LightStatistic.objects.bulk_create(statistics)
    return {"light_rows": len(rows), "shortfalls": len(shortfalls), "statistics": len(statistics)}


STATISTIC_ROWS = [
    (category, stage)
    for category in ("total", "green", "yellow", "red", "white")
    for stage in ("initial", "review")
]
CATEGORY_TEXT = {"total": "小計", "green": "綠燈", "yellow": "黃燈", "red": "紅燈", "white": "白燈"}


def _statistics(own: Written) -> Iterator[Any]:
    """績效燈號統計 of the cycle's four years, counted from its own KPI tables."""
    from govperf.evaluation.models import LightStatistic

    for year in range(own.cycle.year - 3, own.cycle.year + 1):
        columns = [c for ck in own.cycle_kpis for c in _columns_of(ck, year)]
        for position, (category, stage) in enumerate(STATISTIC_ROWS, start=1):
            field = "initial_light" if stage == "initial" else "review_light"
            lit = [c for c in columns if getattr(c, field)]
            same = [c for c in lit if getattr(c, field) == category]
            count = len(lit) if category == "total" else len(same)
            percent = Decimal(0) if not lit else Decimal(count * 100) / len(lit)
            yield LightStatistic(
                cycle=own.cycle, position=position, year=year, category=category, stage=stage,
                light_text=CATEGORY_TEXT[category] if stage == "initial" else "",
                stage_text="初核" if stage == "initial" else "複核",
                count_text=str(count), count_value=Decimal(count),
                percent_text=f"{percent:.2f}", percent_value=percent.quantize(Decimal("0.01")),
            )  # fmt: skip


def _columns_of(cycle_kpi: Any, year: int) -> list[Any]:
    return [c for c in cycle_kpi.generated_columns if c.year == year]


def _finance(seed: int, written: list[Written]) -> dict[str, int]:
    from bench.national_finance import finance_rows

    return finance_rows(seed, written)


def _narrative(seed: int, written: list[Written], units: dict[int, list[Any]]) -> dict[str, int]:
    from bench.national_narrative import narrative_rows

    return narrative_rows(seed, written, units)


def _versions(seed: int, written: list[Written], files: str) -> dict[str, int]:
    """One to three published versions per cycle, each with every format's file."""
    from govperf.evaluation.models import Cycle
    from govperf.reports.formats import RENDERERS
    from govperf.workflow.models import PublishedFile, PublishedVersion
    from govperf.workflow.publishing import published_file_row

    versions = []
    for own in written:
        rng = _rng(seed, "versions", own.cycle.agency.name, own.cycle.year)
        day = date(own.cycle.year + 1912, 3, rng.randint(1, 28))
        own.cycle.published_on, own.cycle.published_on_text = day, _roc_date(day)
        for number in range(1, rng.choices((1, 2, 3), weights=(5, 3, 2))[0] + 1):
            reason = "公告" if number == 1 else f"更正第{number - 1}次：{text.sentence(rng)}"
            versions.append(
                PublishedVersion(cycle=own.cycle, number=number, reason=reason, published_on=day)
            )
            day += timedelta(days=rng.randint(20, 120))
    Cycle.objects.bulk_update([own.cycle for own in written], ["published_on", "published_on_text"])
    PublishedVersion.objects.bulk_create(versions)
    rendered = _rendered(written[0].cycle) if files == "rendered" else None
    stored = 0
    batch: list[Any] = []
    for version in versions:
        for format in RENDERERS:
            content = (
                rendered[format] if rendered
                else f"{format} {version.cycle.pk} v{version.number}".encode()
            )  # fmt: skip
            batch.append(published_file_row(version, format, content))
        if len(batch) >= FILE_BATCH * len(RENDERERS):
            stored += len(PublishedFile.objects.bulk_create(batch))
            batch = []
    stored += len(PublishedFile.objects.bulk_create(batch))
    return {"versions": len(versions), "files": stored, **_records(written, versions, files)}


def _records(written: list[Written], versions: list[Any], files: str) -> dict[str, int]:
    """Each version's public record, as publication writes it (workflow/public_record.py): the
    snapshot and open-data files made once per cycle (its versions share its data here), the
    read tables in bulk; `is_latest` on each cycle's last version."""
    from govperf.opendata.published import opendata_files
    from govperf.opendata.selectors import cycle_document
    from govperf.workflow.models import PublicSnapshot, PublishedDataFile
    from govperf.workflow.public_record import data_file_rows, public_rows, rows_save, snapshot_of

    by_cycle: dict[int, list[Any]] = {}
    for version in versions:
        by_cycle.setdefault(version.cycle_id, []).append(version)
    snapshots, data_files, rows = [], [], []
    for own in written:
        document = cycle_document(own.cycle)
        kpi_ids = {ck.kpi.name: ck.kpi.pk for ck in own.cycle_kpis}
        own_versions = by_cycle[own.cycle.pk]
        shared = opendata_files(documents=[document]) if files == "rendered" else None
        for version in own_versions:
            snapshot = snapshot_of(document, version)
            snapshots.append(PublicSnapshot(version=version, document=snapshot))
            content = shared or {
                f: f"data {f} {own.cycle.pk} v{version.number}".encode()
                for f in ("json", "csv", "xlsx")
            }
            data_files.extend(data_file_rows(version, content))
            latest = version is own_versions[-1]
            rows.append(
                public_rows(
                    version=version,
                    agency_id=own.cycle.agency_id,
                    snapshot=snapshot,
                    kpi_ids=kpi_ids,
                    is_latest=latest,
                )
            )
        if len(snapshots) >= FILE_BATCH:
            PublicSnapshot.objects.bulk_create(snapshots)
            PublishedDataFile.objects.bulk_create(data_files)
            snapshots, data_files = [], []
    PublicSnapshot.objects.bulk_create(snapshots)
    PublishedDataFile.objects.bulk_create(data_files)
    rows_save(rows)
    return {
        "public_kpi_years": sum(len(item.kpi_years) for item in rows),
        "public_texts": sum(len(item.texts) for item in rows),
    }


def _rendered(cycle: Any) -> dict[str, bytes]:
    """The first agency-year's report in every format, rendered once from the data just made."""
    from govperf.workflow.publishing import report_files

    return report_files(cycle, version=1, reason="公告")


def _all_data_build() -> None:
    """Build the open data of all agencies, as a publication does after its commit (the data
    generated here was written without one), and print how long each part took."""
    from govperf.workflow.public_record import all_data_store

    started = time.perf_counter()
    files = all_data_store()
    sizes = ", ".join(f"{f} {row.size / 1e6:.1f} MB" for f, row in sorted(files.items()))
    print(f"all agencies' open data: built in {time.perf_counter() - started:.1f} s ({sizes})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=Size.agencies)
    parser.add_argument("--years", type=int, default=Size.years)
    parser.add_argument("--kpis", type=int, default=Size.kpis)
    parser.add_argument("--first-year", type=int, default=Size.first_year)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--files", choices=("rendered", "small"), default="rendered")
    args = parser.parse_args()
    if args.kpis < 4:
        parser.error("--kpis must be at least 4")
    size = Size(args.agencies, args.years, args.kpis, args.first_year)
    scratch = None
    if not os.environ.get("DATABASE_URL"):
        import tempfile

        scratch = tempfile.mkdtemp(prefix="govperf-national-")
        os.environ["GOVPERF_VAR_DIR"] = scratch
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.db import connection

    from govperf.database import database_ensure

    started = time.perf_counter()
    database_ensure()
    migrated = time.perf_counter()
    counts = national_data_generate(size=size, seed=args.seed, files=args.files)
    done = time.perf_counter()
    where = scratch or connection.settings_dict["NAME"]
    print(f"{connection.vendor} ({where}): migrate {migrated - started:.1f} s, "
          f"generate {done - migrated:.1f} s")  # fmt: skip
    print(", ".join(f"{name} {count:,}" for name, count in counts.items()))
    _all_data_build()
    if scratch:
        import shutil

        shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
