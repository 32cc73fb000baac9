"""`unspin check`: not built yet (see the issue)."""


def register(sub) -> None:
    p = sub.add_parser("check", help="(not yet available)")
    p.set_defaults(func=lambda args: (print("unspin check: not yet available") or 2))
