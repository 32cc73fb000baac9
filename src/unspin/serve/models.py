"""The request bodies of the API (what ``/openapi.json`` publishes), with their bounds."""

from __future__ import annotations

import base64
import binascii
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from unspin.serve.errors import ApiError

NAME = Field(None, max_length=200, description="a name for the text in reports")


class Text(BaseModel):
    """A text or a file: exactly one of ``text`` (plain text) or ``content_base64`` (a file's
    bytes: HTML, plain text in any common encoding; decoded like ``unspin`` reads a file)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"oneOf": [{"required": ["text"]}, {"required": ["content_base64"]}]},
    )
    text: str | None = Field(None, pattern=r"\S", description="plain text (never a file name)")
    content_base64: str | None = Field(
        None,
        min_length=4,
        pattern=r"^[A-Za-z0-9+/]+={0,2}$",
        description="a file's content, base64",
    )
    name: str | None = NAME

    def value(self) -> str | bytes:
        """The API's input: ``str`` for text, ``bytes`` for a file's content."""
        if (self.text is None) == (self.content_base64 is None):
            raise ApiError(422, "bad_input", "give exactly one of text or content_base64")
        if self.text is not None:
            if not self.text.strip():
                raise ApiError(422, "bad_input", "text is empty")
            return self.text
        try:
            data = base64.b64decode(self.content_base64 or "", validate=True)
        except (binascii.Error, ValueError):
            raise ApiError(422, "bad_input", "content_base64 is not base64") from None
        if not data:
            raise ApiError(422, "bad_input", "content_base64 is empty")
        return data


class Switches(BaseModel):
    """The command's switches."""

    whole: bool = Field(False, description="no main-text extraction (unspin --no-extract/--whole)")
    lexical_only: bool = Field(False, description="no embeddings: faster, misses paraphrase")


class CheckRequest(Text, Switches):
    top: int = Field(5, ge=1, le=50, description="sources to report")
    job: bool = Field(False, description="run as a job even when short (202 + job URL)")


class CompareRequest(Switches):
    model_config = ConfigDict(extra="forbid")
    source: Text
    suspicious: Text


class DocumentRequest(Text):
    url: str | None = Field(None, max_length=2000)
    whole: bool = Field(False, description="index the whole text (no main-text extraction)")


class ReviewRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: int = Field(..., ge=1, le=1000, description="the source's rank in the report")
    passage: int | None = Field(
        None, ge=1, le=100000, description="passage number; omitted: a verdict on the source"
    )
    verdict: Literal["confirmed", "dismissed"]
    note: str = Field("", max_length=4000)
    who: str = Field("", max_length=200, description="who decided (default: the token's name)")
