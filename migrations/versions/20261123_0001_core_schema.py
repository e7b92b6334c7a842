"""Core schema: users and teams, employers with contact people, tags and accommodations,
the contact log, jobseekers and job starts, audit events and import batches. Seeds the
accommodation catalogue with its stable codes.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 09:43:19.338178

"""

import sqlalchemy as sa
from alembic import op

import ipscrm.models.base
from ipscrm.catalogue import catalogue_rows

# revision identifiers, used by Alembic.
revision = "0001"
down_revision = None
branch_labels = ("core",)
depends_on = None


def upgrade():
    op.create_table(
        "accommodation_types",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name_nb", sa.String(length=120), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accommodation_types")),
        sa.UniqueConstraint("code", name=op.f("uq_accommodation_types_code")),
    )
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("name", name=op.f("uq_teams_name")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column(
            "role",
            sa.Enum("specialist", "supervisor", "admin", name="role", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("last_login_at", ipscrm.models.base.UTCDateTime(), nullable=True),
        sa.Column("created_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_users_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_team_id"), ["team_id"], unique=False)

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("entity_type", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_audit_events_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_entity", ["entity_type", "entity_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_events_occurred_at"), ["occurred_at"], unique=False
        )

    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=500), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "running",
                "completed",
                "failed",
                "undone",
                name="batchstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("started_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.Column("finished_at", ipscrm.models.base.UTCDateTime(), nullable=True),
        sa.Column("options", sa.JSON(), nullable=True),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("rows_created", sa.Integer(), nullable=False),
        sa.Column("rows_updated", sa.Integer(), nullable=False),
        sa.Column("rows_unchanged", sa.Integer(), nullable=False),
        sa.Column("rows_rejected", sa.Integer(), nullable=False),
        sa.Column("rows_filtered", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_import_batches_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_batches_sha256"), ["sha256"], unique=False)

    op.create_table(
        "jobseekers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("specialist_id", sa.Integer(), nullable=False),
        sa.Column("program_entry_date", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "searching",
                "working",
                "paused",
                "closed",
                name="jobseekerstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("pref_job_types", sa.JSON(), nullable=False),
        sa.Column("pref_industries", sa.JSON(), nullable=False),
        sa.Column("pref_municipalities", sa.JSON(), nullable=False),
        sa.Column("pref_hours_per_week", sa.Integer(), nullable=True),
        sa.Column("pref_shifts", sa.JSON(), nullable=False),
        sa.Column("pref_accommodations", sa.JSON(), nullable=False),
        sa.Column("interests", sa.Text(), nullable=True),
        sa.Column("strengths", sa.Text(), nullable=True),
        sa.Column(
            "disclosure",
            sa.Enum(
                "undecided",
                "full",
                "limited",
                "none",
                name="disclosure",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["specialist_id"], ["users.id"], name=op.f("fk_jobseekers_specialist_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobseekers")),
        sa.UniqueConstraint("reference", name=op.f("uq_jobseekers_reference")),
    )
    with op.batch_alter_table("jobseekers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_jobseekers_specialist_status", ["specialist_id", "status"], unique=False
        )

    op.create_table(
        "employers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_number", sa.String(length=9), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("organisation_form", sa.String(length=10), nullable=True),
        sa.Column("industry_code_1", sa.String(length=10), nullable=True),
        sa.Column("industry_description_1", sa.String(length=255), nullable=True),
        sa.Column("industry_code_2", sa.String(length=10), nullable=True),
        sa.Column("industry_description_2", sa.String(length=255), nullable=True),
        sa.Column("industry_code_3", sa.String(length=10), nullable=True),
        sa.Column("industry_description_3", sa.String(length=255), nullable=True),
        sa.Column("industry_classification", sa.String(length=16), nullable=True),
        sa.Column("employee_count", sa.Integer(), nullable=True),
        sa.Column("website", sa.String(length=255), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("business_address", sa.String(length=500), nullable=True),
        sa.Column("business_postcode", sa.String(length=4), nullable=True),
        sa.Column("business_place", sa.String(length=100), nullable=True),
        sa.Column("business_municipality", sa.String(length=100), nullable=True),
        sa.Column("business_municipality_number", sa.String(length=4), nullable=True),
        sa.Column("postal_address", sa.String(length=500), nullable=True),
        sa.Column("postal_postcode", sa.String(length=4), nullable=True),
        sa.Column("postal_place", sa.String(length=100), nullable=True),
        sa.Column("postal_municipality", sa.String(length=100), nullable=True),
        sa.Column("postal_municipality_number", sa.String(length=4), nullable=True),
        sa.Column("bankrupt", sa.Boolean(), nullable=False),
        sa.Column("under_liquidation", sa.Boolean(), nullable=False),
        sa.Column("under_forced_liquidation", sa.Boolean(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("parent_organisation_number", sa.String(length=9), nullable=True),
        sa.Column("job_types", sa.JSON(), nullable=False),
        sa.Column(
            "stage",
            sa.Enum(
                "identified",
                "introduced",
                "learned_about_business",
                "active_relationship",
                "candidate_presented",
                "hired_supporting",
                "dormant",
                name="stage",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("archived_at", ipscrm.models.base.UTCDateTime(), nullable=True),
        sa.Column("last_contact_at", ipscrm.models.base.UTCDateTime(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batches.id"],
            name=op.f("fk_employers_import_batch_id_import_batches"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_employers_owner_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["employers.id"],
            name=op.f("fk_employers_parent_id_employers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employers")),
        sa.UniqueConstraint("organisation_number", name=op.f("uq_employers_organisation_number")),
    )
    with op.batch_alter_table("employers", schema=None) as batch_op:
        batch_op.create_index("ix_employers_archived_stage", ["archived", "stage"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_employers_business_municipality_number"),
            ["business_municipality_number"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_employers_import_batch_id"), ["import_batch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_employers_industry_code_1"), ["industry_code_1"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_employers_last_contact_at"), ["last_contact_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_employers_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_employers_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_employers_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_employers_parent_organisation_number"),
            ["parent_organisation_number"],
            unique=False,
        )

    op.create_table(
        "contact_people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=120), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column(
            "preferred_channel",
            sa.Enum(
                "phone",
                "email",
                "sms",
                "in_person",
                name="contactchannel",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.id"],
            name=op.f("fk_contact_people_employer_id_employers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_people")),
    )
    with op.batch_alter_table("contact_people", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_people_employer_id"), ["employer_id"], unique=False
        )

    op.create_table(
        "employer_accommodations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("accommodation_type_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "offered",
                "confirmed",
                "used",
                name="accommodationstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["accommodation_type_id"],
            ["accommodation_types.id"],
            name=op.f("fk_employer_accommodations_accommodation_type_id_accommodation_types"),
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.id"],
            name=op.f("fk_employer_accommodations_employer_id_employers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_employer_accommodations_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_accommodations")),
        sa.UniqueConstraint(
            "employer_id",
            "accommodation_type_id",
            name=op.f("uq_employer_accommodations_employer_id"),
        ),
    )
    with op.batch_alter_table("employer_accommodations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_employer_accommodations_accommodation_type_id"),
            ["accommodation_type_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_employer_accommodations_employer_id"), ["employer_id"], unique=False
        )

    op.create_table(
        "employer_tags",
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.id"],
            name=op.f("fk_employer_tags_employer_id_employers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("employer_id", "tag", name=op.f("pk_employer_tags")),
    )
    with op.batch_alter_table("employer_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_employer_tags_tag"), ["tag"], unique=False)

    op.create_table(
        "job_starts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jobseeker_id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("job_title", sa.String(length=120), nullable=False),
        sa.Column("job_type", sa.String(length=80), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("hours_per_week", sa.Numeric(precision=4, scale=1), nullable=True),
        sa.Column("competitive", sa.Boolean(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=255), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_id"], ["employers.id"], name=op.f("fk_job_starts_employer_id_employers")
        ),
        sa.ForeignKeyConstraint(
            ["jobseeker_id"], ["jobseekers.id"], name=op.f("fk_job_starts_jobseeker_id_jobseekers")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_job_starts_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_starts")),
    )
    with op.batch_alter_table("job_starts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_job_starts_employer_id"), ["employer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_job_starts_jobseeker_id"), ["jobseeker_id"], unique=False
        )
        batch_op.create_index("ix_job_starts_start_date", ["start_date"], unique=False)

    op.create_table(
        "employer_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("specialist_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("contact_person_id", sa.Integer(), nullable=True),
        sa.Column(
            "mode",
            sa.Enum(
                "in_person",
                "phone",
                "email",
                "video",
                name="contactmode",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("face_to_face", sa.Boolean(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "introduction",
                "learn_about_business",
                "follow_up",
                "present_candidate",
                "with_jobseeker",
                "follow_along_support",
                name="contactpurpose",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("jobseeker_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("next_step", sa.Text(), nullable=True),
        sa.Column("follow_up_due", sa.Date(), nullable=True),
        sa.Column("follow_up_done", sa.Boolean(), nullable=False),
        sa.Column("follow_up_done_at", ipscrm.models.base.UTCDateTime(), nullable=True),
        sa.Column("created_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_person_id"],
            ["contact_people.id"],
            name=op.f("fk_employer_contacts_contact_person_id_contact_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.id"],
            name=op.f("fk_employer_contacts_employer_id_employers"),
        ),
        sa.ForeignKeyConstraint(
            ["jobseeker_id"],
            ["jobseekers.id"],
            name=op.f("fk_employer_contacts_jobseeker_id_jobseekers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["specialist_id"], ["users.id"], name=op.f("fk_employer_contacts_specialist_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_employer_contacts_team_id_teams"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_contacts")),
    )
    with op.batch_alter_table("employer_contacts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_employer_contacts_contact_person_id"),
            ["contact_person_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_employer_contacts_employer_time", ["employer_id", "occurred_at"], unique=False
        )
        batch_op.create_index(
            "ix_employer_contacts_followup",
            ["follow_up_done", "follow_up_due", "specialist_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_employer_contacts_jobseeker_time", ["jobseeker_id", "occurred_at"], unique=False
        )
        batch_op.create_index(
            "ix_employer_contacts_specialist_day", ["specialist_id", "occurred_on"], unique=False
        )
        batch_op.create_index(
            "ix_employer_contacts_team_day", ["team_id", "occurred_on"], unique=False
        )

    accommodation_types = sa.table(
        "accommodation_types",
        sa.column("code", sa.String),
        sa.column("name_nb", sa.String),
        sa.column("name_en", sa.String),
        sa.column("active", sa.Boolean),
        sa.column("builtin", sa.Boolean),
        sa.column("sort_order", sa.Integer),
        sa.column("created_at", ipscrm.models.base.UTCDateTime()),
        sa.column("updated_at", ipscrm.models.base.UTCDateTime()),
    )
    now = ipscrm.models.base.utcnow()
    op.bulk_insert(
        accommodation_types,
        [dict(row, created_at=now, updated_at=now) for row in catalogue_rows()],
    )


def downgrade():
    with op.batch_alter_table("employer_contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_employer_contacts_team_day")
        batch_op.drop_index("ix_employer_contacts_specialist_day")
        batch_op.drop_index("ix_employer_contacts_jobseeker_time")
        batch_op.drop_index("ix_employer_contacts_followup")
        batch_op.drop_index("ix_employer_contacts_employer_time")
        batch_op.drop_index(batch_op.f("ix_employer_contacts_contact_person_id"))

    op.drop_table("employer_contacts")
    with op.batch_alter_table("job_starts", schema=None) as batch_op:
        batch_op.drop_index("ix_job_starts_start_date")
        batch_op.drop_index(batch_op.f("ix_job_starts_jobseeker_id"))
        batch_op.drop_index(batch_op.f("ix_job_starts_employer_id"))

    op.drop_table("job_starts")
    with op.batch_alter_table("employer_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employer_tags_tag"))

    op.drop_table("employer_tags")
    with op.batch_alter_table("employer_accommodations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employer_accommodations_employer_id"))
        batch_op.drop_index(batch_op.f("ix_employer_accommodations_accommodation_type_id"))

    op.drop_table("employer_accommodations")
    with op.batch_alter_table("contact_people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_people_employer_id"))

    op.drop_table("contact_people")
    with op.batch_alter_table("employers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employers_parent_organisation_number"))
        batch_op.drop_index(batch_op.f("ix_employers_parent_id"))
        batch_op.drop_index(batch_op.f("ix_employers_owner_id"))
        batch_op.drop_index(batch_op.f("ix_employers_name"))
        batch_op.drop_index(batch_op.f("ix_employers_last_contact_at"))
        batch_op.drop_index(batch_op.f("ix_employers_industry_code_1"))
        batch_op.drop_index(batch_op.f("ix_employers_import_batch_id"))
        batch_op.drop_index(batch_op.f("ix_employers_business_municipality_number"))
        batch_op.drop_index("ix_employers_archived_stage")

    op.drop_table("employers")
    with op.batch_alter_table("jobseekers", schema=None) as batch_op:
        batch_op.drop_index("ix_jobseekers_specialist_status")

    op.drop_table("jobseekers")
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_batches_sha256"))

    op.drop_table("import_batches")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_occurred_at"))
        batch_op.drop_index("ix_audit_events_entity")

    op.drop_table("audit_events")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_team_id"))

    op.drop_table("users")
    op.drop_table("teams")
    op.drop_table("accommodation_types")
