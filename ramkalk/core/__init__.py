"""The values every stage passes on: money (whole kronor), problems (located messages), a
computed frame with its explanation lines, and how numbers are shown. Imports nothing else of ramkalk."""
