"""The vocabulary of the question format, in one place."""

DOMAINS: dict[str, str] = {
    "ml": "Machine Learning",
    "nlp": "NLP",
    "genai": "Generative AI",
    "rag": "RAG",
    "mlops": "MLOps",
    "serving": "Serving",
}
LEVELS = ("mid", "senior", "staff")
TYPES = ("conceptual", "design", "coding", "debugging", "scenario", "behavioral")
FREQUENCIES = ("very common", "common", "occasional", "rare")
# The serving source grades its questions on its own six-step scale; kept as tags.
TAGS = ("beginner", "intermediate", "advanced", "scenario-based", "workflow-and-tools", "behavioural")

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

# Where the comparison data lives, relative to the project root.
COMPARISON_DATA = "macros/data/comparisons"

# Comparison data: every entry carries both comparisons.
COMPARISON_FIELDS = ("senior", "staff", "weak", "strong")
