"""The Streamlit glue that app.py and its pages (app_pages/) share; only the app imports it.

- `resources`: what every session of the process shares: the one index handle, the write lock
  sessions take turns on, and the parsed cards.
- `errors`: an error as a message, never a traceback.
- `ingest`: an ingest under a progress bar, and its report after the rerun.
- `answer`: a verified answer, its badges and its sources.
- `card`: a job-summary card with each field's evidence.

Everything from a posting or a model is escaped (summariser.text.markdown) before it reaches
Markdown; nothing is rendered as HTML.
"""
