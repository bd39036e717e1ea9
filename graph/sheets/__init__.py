"""Fact sheets: an article's facts written as small YAML files, by names rather than IRIs,
checked as strictly as TriG and added as one atomic write of the article's source graph.

    reading     YAML read with the line and column of every value
    terms       the ontology's relations and classes by label or local name
    names       names resolved through the sheet, then the store (`Taizhou, Zhejiang`)
    values      text typed by the range of its relation, with advice in the writer's terms
    compiling   a sheet compiled to its source graph's quads, every problem placed
    adding      check_sheets / add_sheets: judged with the store, then written all or nothing
    rows        spreadsheet rows as one sheet, by a mapping of columns to facts
    schema      the sheets' JSON Schema, made from the ontology
"""

from graph.errors import SheetProblems
from graph.sheets.adding import Sheet, SheetReport, add_sheets, check_sheets
from graph.sheets.compiling import Compiled, SheetProblem, compile_sheet, slug
from graph.sheets.rows import rows_sheet
from graph.sheets.schema import SCHEMA_ID, sheet_schema

__all__ = ["Sheet", "add_sheets", "check_sheets", "compile_sheet", "Compiled", "SheetProblem", "SheetProblems", "SheetReport", "SCHEMA_ID", "rows_sheet", "sheet_schema", "slug"]
