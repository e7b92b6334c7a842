"""Alembic environment for ipscrm: the core tables and, as branches of their own, the
tables of every enabled plugin. SQLite runs in batch mode (ALTER TABLE by copy)."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name and not logging.getLogger().handlers:
    fileConfig(config.config_file_name)
logger = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db
target_metadata = db.metadata


def _version_locations():
    """The core's versions folder plus each enabled plugin's migration branch."""
    from ipscrm.migrations_support import installed_version_folders

    locations = [config.get_main_option("script_location") + "/versions"]
    locations.extend(installed_version_folders(current_app))
    return " ".join(locations)


config.set_main_option("version_locations", _version_locations())
config.set_main_option("path_separator", "space")


def include_object(obj, name, type_, reflected, compare_to):
    """Leave out tables of plugins that are not enabled, so autogenerate never proposes
    dropping them (nor creating them, when a disabled plugin's models are imported), and
    the employer text index (a table or indexes per database, created by hand in
    migration 0004_employer_text, not modelled)."""
    from ipscrm.migrations_support import is_foreign_table
    from ipscrm.models.employer_text import is_text_index_object

    if is_text_index_object(name, type_):
        return False
    if type_ == "table":
        return not is_foreign_table(current_app, name)
    return True


def run_migrations_offline():
    context.configure(
        url=str(db.engine.url).replace("%", "%%"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    connectable = db.engine
    with connectable.connect() as connection:
        is_sqlite = connection.dialect.name == "sqlite"
        if is_sqlite:
            # Batch mode copies tables; foreign keys must not fire during the copy.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # so that Alembic's transaction is the one that commits
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            process_revision_directives=process_revision_directives,
            render_as_batch=is_sqlite,
            compare_type=True,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()
        if is_sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
