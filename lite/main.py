from addin.functions import RAM, RAMBALANS, RAMFORKLARING, RAMLISTA, RAMMODELL  # noqa
