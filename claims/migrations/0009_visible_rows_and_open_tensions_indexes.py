"""Indexes for the site's pages on a large archive (issue 7 speed).

- ``claim_rejected``: the few rejected claims, so that a tension's claims are checked against them and not
  joined with every claim (open tensions on the front page, an article's tensions);
- ``quote_visible_by_speaker``, ``claim_visible_by_claimant``: visible rows by speaker, read without the
  table (the front page's matrix, a speaker's topics, the counts of the quote and claim lists);
- ``claim_unrated_to_check``: the front page's most check-worthy unrated claims and their count;
- ``tension_open_newest``: open tensions, newest first;
- quote and claim topics by entity with the quote or claim (the join tables' own index has the entity only),
  read without the table.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0003_article_source_path'),
        ('claims', '0008_speaker_identity_review'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS quote_about_by_entity ON claims_quote_about (entity_id, quote_id)",
            "DROP INDEX IF EXISTS quote_about_by_entity",
            elidable=False,
        ),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS claim_about_by_entity ON claims_claim_about (entity_id, claim_id)",
            "DROP INDEX IF EXISTS claim_about_by_entity",
            elidable=False,
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(condition=models.Q(('status', 'rejected')), fields=['id'], name='claim_rejected'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(condition=models.Q(('status', 'rejected'), _negated=True), fields=['claimant', 'id'], name='claim_visible_by_claimant'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(models.OrderBy(models.F('checkworthiness'), descending=True), models.F('id'), condition=models.Q(('rating_label', ''), models.Q(('status', 'rejected'), _negated=True)), name='claim_unrated_to_check'),
        ),
        migrations.AddIndex(
            model_name='quote',
            index=models.Index(condition=models.Q(('status', 'rejected'), _negated=True), fields=['speaker', 'id'], name='quote_visible_by_speaker'),
        ),
        migrations.AddIndex(
            model_name='tension',
            index=models.Index(fields=['resolved', '-id'], name='tension_open_newest'),
        ),
    ]
