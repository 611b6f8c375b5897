"""The programmes' blueprints: pages, the advice wizard, the course, the survey."""
