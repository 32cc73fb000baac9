"""`unspin extract`: not built yet (see the issue)."""


def register(sub) -> None:
    p = sub.add_parser("extract", help="(not yet available)")
    p.set_defaults(func=lambda args: (print("unspin extract: not yet available") or 2))
