"""The pipeline the commands run: options, loading, making booklets and handouts, writing them,
the pool that makes many handouts at once, `--watch`, and what `check` finds.

- `options`: how to print (`Options`) and what was written (`Written`).
- `pipeline`: load -> lay out -> finish for print -> bytes (`render_*`) or files (`build_*`).
- `pool`: jobs on every core, each worker forked with the fonts loaded; the desk's long-lived
  workers (`WorkerPool`).
- `desk`: what the front desk asks for, as jobs a worker runs, and a note's unprintable
  characters.
- `watch`: rebuild when a content file is saved.
- `checks`: unprintable characters, the logo and reading grades, without ReportLab.

Import the module you need (`cdbooklet.build.pipeline`): this package imports none of them, so
quick commands load only what they use.

May import from cdbooklet: errors, text, content, layout, press.
Never imports: reportlab, pypdf, click, flask, jinja2.
"""
