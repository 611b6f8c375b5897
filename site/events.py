"""What happened on the site, as signals: the programmes send, the counters listen.

The programmes never import the counters, and the counters never see a path of
answers or a progress code: only the facts below, which identify no one.
"""

from blinker import Namespace

_signals = Namespace()

# The advice module's first question was shown.        kwargs: lang
advice_started = _signals.signal("advice-started")
# An advice page was shown.                              kwargs: lang, advice_id, topic
advice_reached = _signals.signal("advice-reached")
# A course module was shown.                             kwargs: lang, course, number
module_viewed = _signals.signal("module-viewed")
# A course module was marked done.                       kwargs: lang, course, number
module_completed = _signals.signal("module-completed")
# A course page was shown with a valid progress code with at least one module
# done (the honest proxy for a returning visitor).       kwargs: lang, course, done_count
course_progress_seen = _signals.signal("course-progress-seen")

# The voluntary questions after an advice are declared in site/metrics.py (SURVEY).
# The voluntary questions were answered.    kwargs: lang, topic, answers ({question: (answer, ...)})
survey_answered = _signals.signal("survey-answered")

# A course's self-rating was counted: the visitor pressed its button (courses/measures.py).
#                                   kwargs: lang, course, number, measure, value
outcome_rated = _signals.signal("outcome-rated")
