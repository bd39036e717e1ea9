"""The explorer: tiegraph's pages for browsers, rendered from the same Python API the JSON answers
come from, with scripts bundled from npm packages (`web/`, built by esbuild into `web/dist/`).

    assets    the built scripts and styles, served at /assets, and whether they are built
    render    the templates (Jinja2) and a page as a response
    entity    an entity's page: names, facts with sources, ties, ledger rows, neighbourhood graph
    routes    the other pages: home, search results, paths, ties, ledger, query editor, adding facts
    stories   story maps: saved views of the graph in numbered, captioned steps
    story_routes  `/stories`: saving one (with the token), showing one whole or embedded
"""

from api.pages.assets import mount_assets
from api.pages.entity import entity_page
from api.pages.render import HTML
from api.pages.routes import router

__all__ = ["entity_page", "HTML", "mount_assets", "router"]
