"""Command line: ``python -m fsdash --help``. Messages in French.

Each feature module registers its own subcommands (``register(subparsers)``);
this module only assembles them.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# Modules that provide subcommands through ``register(subparsers)``.
COMMAND_MODULES = (
    "fsdash.cli.registry",
    "fsdash.cli.fetch",
    "fsdash.cli.simulate",
    "fsdash.cli.sites",
    "fsdash.cli.admin",
    "fsdash.cli.fiche",
)


class FrenchParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")

    def format_help(self) -> str:
        text = super().format_help()
        return (text.replace("usage:", "utilisation :")
                .replace("positional arguments:", "arguments :")
                .replace("options:", "options :"))

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchParser(
        prog="python -m fsdash",
        description="fsdash : tableau de bord des animateurs départementaux France services.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=FrenchParser)
    subparsers.required = True
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.handler(args) or 0)
