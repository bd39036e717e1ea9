"""The framework's ceiling: a bare async FastAPI endpoint returning constant JSON, served by the
same uvicorn (uvloop, httptools) as tiegraph. Run as `python bench/bare_app.py PORT`."""

from __future__ import annotations

import sys

import uvicorn
from fastapi import FastAPI

app = FastAPI()


@app.get("/bare")
async def bare() -> dict[str, object]:
    return {"id": "synthetic-firm-1", "label": "Xinhua Motors 1", "ok": True}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
