"""Courses as folders of content: model, loader, checks, progress codes.

Nothing here imports Flask: the web layer (site/programmes/course.py) serves
every course this package reads, and passes in how links resolve to URLs.
"""

from courses.load import CourseLinks, load_courses
from courses.model import Catalogue, Choice, Course, Exercise, Measure, Module, Plan, PlanSource
from courses.progress import InvalidCode, Progress, ProgressCodes

__all__ = [
    "Catalogue",
    "Choice",
    "Course",
    "CourseLinks",
    "Exercise",
    "InvalidCode",
    "Measure",
    "Module",
    "Plan",
    "PlanSource",
    "Progress",
    "ProgressCodes",
    "load_courses",
]
