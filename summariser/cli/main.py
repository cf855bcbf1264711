"""The `jobsum` command. It uses the library as any user would and turns errors into messages.

Each command imports what it needs when it runs: `jobsum --help` loads click and nothing else,
`jobsum search` never loads litellm or llama-index.

This module owns the group, its error handling and the entry point; the commands live beside it:
index_commands (ingest, list, remove, doctor), query_commands (search, ask), card_commands (card,
summarise), model_commands (serve-model) and eval (the `jobsum eval` group); what they share is in common.
"""

from __future__ import annotations

import click

from summariser.cli.card_commands import card_cmd, summarise_cmd
from summariser.cli.eval import eval_group
from summariser.cli.index_commands import doctor_cmd, ingest_cmd, list_cmd, remove_cmd
from summariser.cli.model_commands import serve_model_cmd
from summariser.cli.query_commands import ask_cmd, search_cmd
from summariser.errors import JobsumError


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except JobsumError as err:
            raise click.ClickException(str(err)) from None


@click.group(cls=_Group)
@click.version_option(package_name="jobsum")
def cli() -> None:
    """jobsum: grounded summaries and cited answers for job postings."""


# in the order the commands were defined when they all lived in this module
cli.add_command(ingest_cmd)
cli.add_command(search_cmd)
cli.add_command(ask_cmd)
cli.add_command(card_cmd)
cli.add_command(summarise_cmd)
cli.add_command(serve_model_cmd)
cli.add_command(list_cmd)
cli.add_command(remove_cmd)
cli.add_command(doctor_cmd)
cli.add_command(eval_group)


def main() -> None:
    cli(prog_name="jobsum")


if __name__ == "__main__":
    main()
