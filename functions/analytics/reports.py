"""PDF reports (fpdf2, pure Python): one interview, or a comparison of 2-6, in the reviewer's
language, with radar charts drawn from fpdf2's own lines and polygons, the scores with their
reasons and evidence, and transcript excerpts. Text is set in DejaVu Sans (fonts.py), so
Cyrillic prints; reasons, evidence and transcripts stay in the answer's own language."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from fpdf import FPDF

from functions.analytics import fonts
from functions.analytics.comparison import CRITERIA, Comparison, InterviewResult

LABELS: dict[str, dict[str, str]] = {
    "en": {"report": "Interview report", "comparison": "Interview comparison",
           "overall": "Overall score", "recommendation": "AI recommendation",
           "decision": "Decision", "question": "Question", "reason": "Reason",
           "evidence": "Evidence", "transcript": "Transcript excerpt", "none": "none yet",
           "summary": "Summary", "candidate": "Candidate", "template": "Position",
           "relevance": "Relevance", "completeness": "Completeness", "clarity": "Clarity",
           "depth": "Depth", "hire": "hire", "consider": "consider", "reject": "reject",
           "advance": "advance", "advice": "Scores advise; people decide."},
    "ru": {"report": "Отчёт об интервью", "comparison": "Сравнение интервью",
           "overall": "Общий балл", "recommendation": "Рекомендация ИИ",
           "decision": "Решение", "question": "Вопрос", "reason": "Обоснование",
           "evidence": "Цитаты", "transcript": "Фрагмент расшифровки", "none": "пока нет",
           "summary": "Резюме", "candidate": "Кандидат", "template": "Позиция",
           "relevance": "Релевантность", "completeness": "Полнота", "clarity": "Ясность",
           "depth": "Глубина", "hire": "нанять", "consider": "рассмотреть",
           "reject": "отказать", "advance": "следующий этап",
           "advice": "Оценки — это совет; решают люди."},
    "de": {"report": "Interviewbericht", "comparison": "Interviewvergleich",
           "overall": "Gesamtwert", "recommendation": "KI-Empfehlung",
           "decision": "Entscheidung", "question": "Frage", "reason": "Begründung",
           "evidence": "Belege", "transcript": "Auszug aus dem Transkript", "none": "noch keine",
           "summary": "Zusammenfassung", "candidate": "Kandidat", "template": "Position",
           "relevance": "Relevanz", "completeness": "Vollständigkeit", "clarity": "Klarheit",
           "depth": "Tiefe", "hire": "einstellen", "consider": "erwägen", "reject": "absagen",
           "advance": "weiter", "advice": "Werte beraten; Menschen entscheiden."},
    "es": {"report": "Informe de entrevista", "comparison": "Comparación de entrevistas",
           "overall": "Puntuación global", "recommendation": "Recomendación de la IA",
           "decision": "Decisión", "question": "Pregunta", "reason": "Motivo",
           "evidence": "Evidencia", "transcript": "Extracto de la transcripción",
           "none": "aún no", "summary": "Resumen", "candidate": "Candidato",
           "template": "Puesto", "relevance": "Relevancia", "completeness": "Completitud",
           "clarity": "Claridad", "depth": "Profundidad", "hire": "contratar",
           "consider": "considerar", "reject": "rechazar", "advance": "avanzar",
           "advice": "Las puntuaciones aconsejan; deciden las personas."},
}  # fmt: skip
COLOURS = (
    (37, 99, 235),
    (220, 38, 38),
    (22, 163, 74),
    (202, 138, 4),
    (147, 51, 234),
    (8, 145, 178),
)


class _Pdf(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.add_font("DejaVu", "", str(fonts.subset("")))
        self.add_font("DejaVu", "B", str(fonts.subset("B")))
        self.set_auto_page_break(auto=True, margin=15)
        self.set_font("DejaVu", size=10)


def labels(language: str) -> dict[str, str]:
    return LABELS.get(language, LABELS["en"])


def radar(
    pdf: FPDF,
    cx: float,
    cy: float,
    radius: float,
    series: Sequence[dict[str, float]],
    axis_labels: Sequence[str],
) -> None:
    """A radar chart of CRITERIA (0-100) at (cx, cy): grid rings, axes, one polygon per series."""
    n = len(CRITERIA)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * max(0.0, min(value, 100.0)) / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    pdf.set_draw_color(200, 200, 200)
    pdf.set_line_width(0.2)
    for ring in (25, 50, 75, 100):
        pdf.polygon([point(i, ring) for i in range(n)], style="D")
    for i in range(n):
        pdf.line(cx, cy, *point(i, 100))
    pdf.set_font("DejaVu", size=8)
    for i, label in enumerate(axis_labels):
        x, y = point(i, 118)
        width = pdf.get_string_width(label)
        pdf.text(x - width / 2, y + 1.5, label)
    pdf.set_line_width(0.6)
    for k, values in enumerate(series):
        pdf.set_draw_color(*COLOURS[k % len(COLOURS)])
        pdf.polygon([point(i, values.get(c, 0.0)) for i, c in enumerate(CRITERIA)], style="D")
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.2)
    pdf.set_font("DejaVu", size=10)


def wrap(words: Sequence[str], width_of: Callable[[str], float], room: float) -> list[str]:
    """Greedy word wrap measuring each word once (fpdf2's multi_cell measures the growing line
    again with every character, which took 90 % of a long report's time)."""
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    space = width_of(" ")
    for word in words:
        width = width_of(word)
        if current and used + space + width > room:
            lines.append(" ".join(current))
            current, used = [], 0.0
        while width > room and len(word) > 1:  # a word wider than the line: cut it
            cut = max(1, int(len(word) * room / width))
            lines.append(word[:cut])
            word = word[cut:]
            width = width_of(word)
        used += width + (space if current else 0.0)
        current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines


def _measure(pdf: FPDF) -> Callable[[str], float]:
    """A string's width in the current font as the sum of its characters' (each measured once
    per font and size; fpdf2 does not kern without text shaping, so the sum is the width)."""
    cache: dict[str, float] = pdf.__dict__.setdefault("_char_widths", {})
    prefix = f"{pdf.font_family}{pdf.font_style}{pdf.font_size_pt}:"

    def width(text: str) -> float:
        total = 0.0
        for char in text:
            key = prefix + char
            if key not in cache:
                cache[key] = pdf.get_string_width(char)
            total += cache[key]
        return total

    return width


def _line(pdf: FPDF, text: str, *, bold: bool = False, size: int = 10) -> None:
    pdf.set_font("DejaVu", "B" if bold else "", size)
    room = pdf.w - pdf.l_margin - pdf.r_margin
    measure = _measure(pdf)
    for paragraph in text.split("\n"):
        for line in wrap(paragraph.split(), measure, room) or [""]:
            pdf.cell(room, size * 0.5, line, new_x="LMARGIN", new_y="NEXT")


def _word(t: dict[str, str], value: str | None) -> str:
    return t.get(value, value) if value else t["none"]


def _interview(pdf: FPDF, result: InterviewResult, t: dict[str, str]) -> None:
    _line(pdf, f"{t['candidate']}: {result.candidate_name}", bold=True, size=12)
    _line(pdf, f"{t['template']}: {result.template_name}")
    score = "-" if result.overall_score is None else str(result.overall_score)
    recommendation = _word(t, result.recommendation)
    decision = _word(t, result.decision)
    _line(pdf, f"{t['overall']}: {score}    {t['recommendation']}: {recommendation}")
    _line(pdf, f"{t['decision']}: {decision}")
    if result.summary:
        _line(pdf, f"{t['summary']}: {result.summary}")
    top = pdf.get_y() + 4
    radar(pdf, 105, top + 32, 26, [result.criteria], [t[c] for c in CRITERIA])
    pdf.set_y(top + 70)
    for c in CRITERIA:
        if c in result.criteria:
            _line(pdf, f"{t[c]}: {result.criteria[c]:.0f}")
    for index, question in enumerate(result.questions, start=1):
        pdf.ln(2)
        overall = "-" if question.overall is None else str(question.overall)
        _line(pdf, f"{t['question']} {index}: {question.question_text} ({overall})", bold=True)
        for criterion in question.criteria:
            _line(pdf, f"{t.get(criterion.criterion, criterion.criterion)} {criterion.score}: "
                       f"{t['reason']}: {criterion.reason}")  # fmt: skip
            for quote in criterion.evidence[:2]:
                _line(pdf, f'    {t["evidence"]}: "{quote}"', size=9)
        if question.transcript_excerpt:
            _line(pdf, f"{t['transcript']}: {question.transcript_excerpt}", size=9)


def interview_report(result: InterviewResult, language: str) -> bytes:
    t = labels(language)
    pdf = _Pdf()
    pdf.set_title(f"{t['report']}: {result.candidate_name}")
    pdf.add_page()
    _line(pdf, t["report"], bold=True, size=16)
    _line(pdf, t["advice"], size=8)
    _interview(pdf, result, t)
    return bytes(pdf.output())


def comparison_report(comparison: Comparison, language: str) -> bytes:
    t = labels(language)
    pdf = _Pdf()
    pdf.set_title(f"{t['comparison']}: {comparison.template_name}")
    pdf.add_page()
    _line(pdf, f"{t['comparison']}: {comparison.template_name}", bold=True, size=16)
    _line(pdf, t["advice"], size=8)
    top = pdf.get_y() + 6
    radar(
        pdf, 70, top + 40, 32, [r.criteria for r in comparison.interviews], [t[c] for c in CRITERIA]
    )
    pdf.set_y(top + 12)
    for k, result in enumerate(comparison.interviews):
        pdf.set_x(125)
        pdf.set_text_color(*COLOURS[k % len(COLOURS)])
        score = "-" if result.overall_score is None else str(result.overall_score)
        pdf.cell(0, 6, f"{result.candidate_name}: {score}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_y(top + 88)
    for result in comparison.interviews:
        pdf.add_page()
        _interview(pdf, result, t)
    return bytes(pdf.output())
