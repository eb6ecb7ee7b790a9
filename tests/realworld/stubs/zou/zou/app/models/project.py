# Production styles (ChoiceType: VARCHAR(255) on PostgreSQL).
PROJECT_STYLES = [("2d", "2D"), ("3d", "3D"), ("vfx", "VFX"), ("other", "Other")]
