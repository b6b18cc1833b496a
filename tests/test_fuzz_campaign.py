"""A seeded sample of the bad-input campaign (benchmarks/fuzz_campaign.py runs the full one)."""

import logging

from benchmarks.fuzz_campaign import run_campaign
from newsnlp import load


def test_seeded_campaign_sample_has_no_crash_and_names_every_rejection():
    logging.getLogger("newsnlp.io").propagate = False
    try:
        # 1 MB records are left to tests/cli/test_extract.py: through the full pipeline they take a minute
        result = run_campaign(load(), count=1500, seed=1234, batch=500, huge=0.0)
    finally:
        logging.getLogger("newsnlp.io").propagate = True
    assert result.crashes == []
    assert result.unnamed_rejections == []
    assert result.rejected > 100 and result.accepted > 900
    assert result.accepted + result.rejected + result.blank == result.inputs == 1500
