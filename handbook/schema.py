"""The vocabulary of the question format and its labels, in one place.

The labels reach the browser through ``questions.json`` (``labels``), so the
page scripts carry no copy of them.
"""

DOMAINS: dict[str, str] = {
    "ml": "Machine Learning",
    "nlp": "NLP",
    "genai": "Generative AI",
    "rag": "RAG",
    "mlops": "MLOps",
    "serving": "Serving",
}
# As the navigation tabs name them.
DOMAIN_SHORT: dict[str, str] = {"ml": "ML", "nlp": "NLP", "genai": "GenAI", "rag": "RAG", "mlops": "MLOps", "serving": "Serving"}

LEVEL_LABELS: dict[str, str] = {"mid": "Mid", "senior": "Senior", "staff": "Staff"}
LEVELS = tuple(LEVEL_LABELS)

# The keyword `behavioral` is fixed; the interface speaks British English throughout.
TYPE_LABELS: dict[str, str] = {
    "conceptual": "Conceptual",
    "design": "Design",
    "coding": "Coding",
    "debugging": "Debugging",
    "scenario": "Scenario",
    "behavioral": "Behavioural",
}
TYPES = tuple(TYPE_LABELS)

FREQUENCIES = ("very common", "common", "occasional", "rare")

# The serving source grades its questions on its own six-step scale; kept as tags.
TAG_LABELS: dict[str, str] = {
    "beginner": "Beginner",
    "intermediate": "Intermediate",
    "advanced": "Advanced",
    "scenario-based": "Scenario-based",
    "workflow-and-tools": "Workflow & tools",
    "behavioural": "Behavioural",
}
TAGS = tuple(TAG_LABELS)

# Collapsible blocks a question may carry, in the order they must appear.
BLOCKS: dict[str, str] = {
    "answer": "Answer",
    "numbers": "Numbers to drop",
    "traps": "Traps",
    "chain": "Follow-up chain",
    "worksample": "Work-sample prompt",
    "sources": "Sources",
    "followups": "Follow-ups",
}
REQUIRED_BLOCKS = ("answer", "followups")

# A reader's progress mark on a question, kept in the browser (practice mode, topic pages).
STATUS_LABELS: dict[str, str] = {"unseen": "Unseen", "review": "Review", "known": "Known"}

# Where the comparison data lives, relative to the project root.
COMPARISON_DATA = "macros/data/comparisons"

# Comparison data: every entry carries both comparisons.
COMPARISON_FIELDS = ("senior", "staff", "weak", "strong")


def labels() -> dict[str, dict[str, str]]:
    """Every label the interface shows, as published in questions.json."""
    return {
        "domain": DOMAIN_SHORT,
        "domain_name": DOMAINS,
        "level": LEVEL_LABELS,
        "type": TYPE_LABELS,
        "tag": TAG_LABELS,
        "block": BLOCKS,
        "status": STATUS_LABELS,
    }
