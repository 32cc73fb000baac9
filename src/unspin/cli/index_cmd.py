"""`unspin index`: not built yet (see the issue)."""


def register(sub) -> None:
    p = sub.add_parser("index", help="(not yet available)")
    p.set_defaults(func=lambda args: (print("unspin index: not yet available") or 2))
