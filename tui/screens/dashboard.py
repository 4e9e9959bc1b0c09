"""The dashboard: where the open cases stand today, drawn as charts.

The figures come from casework.reports.dashboard in a worker thread, so the screen paints at once and
stays responsive while 100,000 cases are counted; the charts are drawn when they arrive.
"""

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.worker import get_current_worker
from textual_plotext import PlotextPlot

from casework.errors import UserError
from casework.reports.dashboard import Dashboard, dashboard
from tui.keys import named
from tui.widgets.footer import Footer

# (widget id, title): the four charts, in reading order.
CHARTS = (("by-stage", "Open cases by stage"), ("ageing", "Working days in the current stage"),
          ("due-soon", "Due in the next 5 working days"), ("by-month", "Complaints received per month"))


class DashboardScreen(Screen):
    DEFAULT_CSS = """
    #dash-summary { height: 1; padding: 0 1; }
    #dash-grid { grid-size: 2 3; grid-columns: 1fr 1fr; grid-gutter: 0 1; height: 1fr; }
    #dash-grid PlotextPlot { height: 1fr; }
    #by-stage { row-span: 3; }
    """
    BINDINGS = named("dashboard", [
        Binding("ctrl+r", "reload", "Reload"),
        Binding("escape", "back", "Back"),
    ])

    def __init__(self):
        super().__init__()
        self.figures: Dashboard | None = None
        self.drawn: dict[str, list[tuple[str, int]]] = {}  # chart -> the bars drawn, for tests

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Counting the open cases…", id="dash-summary")
        with Grid(id="dash-grid"):
            for chart_id, _ in CHARTS:
                yield PlotextPlot(id=chart_id)
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def action_reload(self) -> None:
        self.query_one("#dash-summary", Static).update("Counting the open cases…")
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()

    @work(thread=True, exclusive=True, group="dashboard")
    def load(self) -> None:
        try:
            figures = dashboard(self.app.ws, self.app.login)
        except UserError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, figures)

    def show(self, fig: Dashboard) -> None:
        self.figures = fig
        due = sum(n for _, n in fig.due_soon)
        self.query_one("#dash-summary", Static).update(
            f"{fig.open_cases:,} open cases, {fig.overdue:,} overdue, {due:,} due within 5 working days "
            f"(as at {fig.today.strftime('%d/%m/%Y')})")
        series = {"by-stage": fig.by_stage, "ageing": fig.ageing, "due-soon": fig.due_soon,
                  "by-month": fig.received_by_month}
        for chart_id, title in CHARTS:
            self._bar(chart_id, title, series[chart_id], horizontal=chart_id == "by-stage")

    def _bar(self, chart_id: str, title: str, pairs: list[tuple[str, int]], horizontal: bool) -> None:
        plot = self.query_one(f"#{chart_id}", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        if horizontal:
            self._stages(plot, pairs)
        elif pairs:
            labels, values = [p[0] for p in pairs], [p[1] for p in pairs]
            plt.bar(labels, values, width=0.6, marker="sd")
            # Which labels fit is decided here, not by plotext, whose own choice changes with
            # the sizes it was drawn at before.
            room = max(plot.size.width - 8, 1)
            every = -(-len(labels) * (max(map(len, labels)) + 2) // room)
            shown = range(0, len(labels), max(every, 1))
            plt.xticks([i + 1 for i in shown], [labels[i] for i in shown])
            self.drawn[chart_id] = list(pairs)
            ticks = whole_ticks(max(values))
            plt.yticks(ticks, [f"{t:,}" for t in ticks])
        plot.refresh()

    def _stages(self, plot: PlotextPlot, pairs: list[tuple[str, int]]) -> None:
        """One row per stage, its count in its label. Stages take the whole left column, so
        even at 24 lines each of the fifteen gets a row (plotext drops bars that share one)."""
        plt = plot.plt
        plt.frame(False)
        plt.xticks([])
        if not pairs:
            return
        places = [len(pairs) - i for i in range(len(pairs))]
        # Touching bars: each gets at least one whole row when there are rows enough.
        plt.bar(places, [n for _, n in pairs], orientation="horizontal", width=1, marker="sd")
        plt.yticks(places, [f"{label} {n:,}" for label, n in pairs])
        self.drawn[plot.id] = list(pairs)
        plt.ylim(0.5, len(pairs) + 0.5)


def whole_ticks(top: int, most: int = 5) -> list[int]:
    """Cases come whole: ticks at round numbers from 0, never 0.67."""
    step = 1
    while top / step > most - 1:  # 1, 2, 5, 10, 20, 50, ...
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    return list(range(0, top + step, step))
