"""Spreadsheet formats whose exports cannot run as formulas when opened.

A text cell that starts with =, +, -, @, a tab or a carriage return is read as a formula by
spreadsheet programs, so a catalog text such as "=HYPERLINK(...)" could act on an editor's
machine. Exports put an apostrophe in front of such a cell (spreadsheets show the text as
written); imports take that apostrophe off again, so an export imports back unchanged.
"""

import tablib
from import_export.formats.base_formats import CSV, XLSX

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_cell(value):
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _map_cells(dataset: tablib.Dataset, change) -> tablib.Dataset:
    mapped = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        mapped.append([change(cell) for cell in row])
    return mapped


class _FormulaSafe:
    def export_data(self, dataset, **kwargs):
        return super().export_data(_map_cells(dataset, escape_cell), **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        return _map_cells(super().create_dataset(in_stream, **kwargs), unescape_cell)


class SafeCSV(_FormulaSafe, CSV):
    pass


class SafeXLSX(_FormulaSafe, XLSX):
    pass
