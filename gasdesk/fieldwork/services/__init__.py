"""Every write of the field-work area (DSP, EMG); views, API and jobs call these only."""
