    with op.batch_alter_table("t", schema=None) as b:
        b.add_column(sa.Column("x", sa.Integer()))
    op.create_index(op.f("ix_t_x"), "t", ["x"])
