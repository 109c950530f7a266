"""The CPV tree: loading the shipped codes, their labels, and a code's ancestors."""


def load_after_migrate(sender, *, using="default", **kwargs) -> None:
    """The post_migrate handler: bring the CPV codes up to the shipped file."""
