"""The --role/--level options of `icraft plan` and `icraft drill` (one definition, in a
module that is not a command, so each command still imports only its own module)."""

from __future__ import annotations

from typing import Annotated

import typer

from icraft.cli import completion

# The same profile picks the plan's and the drill's questions (skills.plan.practice_profile).
RoleOpt = Annotated[
    str | None,
    typer.Option(
        "--role",
        help="Pick questions for this role: backend, frontend, fullstack, data, ml, sre, mobile or em "
        "(default: config interview.role if set, else your last interview's role).",
        show_default=False,
        autocompletion=completion.roles,
    ),
]
# A job posting weights the plan: its focus skills come first (icraft.jd.practice.JobFocus).
JdOpt = Annotated[
    str | None,
    typer.Option(
        "--jd",
        help="Weight by this job posting (an id from `icraft jd list`, or a posting file): its focus skills "
        "first, its role and level unless given.",
        show_default=False,
    ),
]
LevelOpt = Annotated[
    str | None,
    typer.Option(
        "--level",
        help="Pick questions for this level: junior, mid, senior or staff (default: config "
        "interview.level if set, else your last interview's level).",
        show_default=False,
        autocompletion=completion.levels,
    ),
]
