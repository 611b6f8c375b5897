"""hulpwijzer's web layer: the Flask app factory and its parts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from hulpwijzer.config import REPO_ROOT


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. Raises ContentError when the content does not validate."""
    app = Flask(
        __name__,
        instance_path=str(REPO_ROOT / "instance"),
        static_folder=str(REPO_ROOT / "static"),
        template_folder="templates",
    )
    from hulpwijzer import config

    config.init_app(app, test_config)

    from hulpwijzer import cli, content, i18n, preview, seo
    from hulpwijzer.programmes import advice, course, pages, survey
    from hulpwijzer.recording import campaign
    from hulpwijzer.recording import hook as counting
    from hulpwijzer.reporting import cli as stats_cli
    from hulpwijzer.reporting import dashboard
    from hulpwijzer.serving import assets, errors, logs, replay, security

    logs.init_app(app)
    assets.init_app(app)
    i18n.init_app(app)
    # The editor's preview reads content again when a file changes; otherwise it is read once.
    (preview if app.config["CONTENT_PREVIEW"] else content).init_app(app)
    errors.init_app(app)
    campaign.init_app(app)
    pages.init_app(app)
    advice.init_app(app)
    course.init_app(app)
    seo.init_app(app)
    cli.init_app(app)
    # The replay cache wraps the app; the privacy headers wrap everything, replays included.
    replay.init_app(app)
    security.init_app(app)
    counting.init_app(app)
    survey.init_app(app)
    dashboard.init_app(app)
    stats_cli.init_app(app)
    return app
