"""Alembic environment: migrations run on the connection ``lib.store.database`` hands over (or,
from the ``alembic`` command line, on ``sqlalchemy.url``)."""

from alembic import context
from sqlalchemy import create_engine

from lib.store.models import Base

config = context.config


def run(connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    with create_engine(config.get_main_option("sqlalchemy.url")).connect() as fresh:
        run(fresh)
