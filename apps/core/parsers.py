"""The API's JSON parser: DRF's, with the nesting depth bounded (apps/core/json_aman.py), so a
deeply nested body is a 400 with a message, never a RecursionError and a 500."""

from __future__ import annotations

from rest_framework import parsers
from rest_framework.exceptions import ParseError

from .json_aman import KEDALAMAN_MAKS, JsonTerlaluDalam, json_kedalaman_periksa


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type=media_type, parser_context=parser_context)
        except RecursionError:
            raise ParseError(str(JsonTerlaluDalam(KEDALAMAN_MAKS))) from None
        try:
            return json_kedalaman_periksa(data)
        except JsonTerlaluDalam as error:
            raise ParseError(str(error)) from None
