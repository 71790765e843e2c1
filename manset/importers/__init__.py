"""Moving archives in and out: JSON Lines now, WordPress (WXR) later."""
