namespace IvrService.Flows.Calendar.Internal;

/// <summary>Maps local wall-clock times of a time zone to the UTC instants at which they occur.</summary>
internal static class ZoneInstants
{
    /// <summary>Offsets stay within −12:00..+14:00; windows this wide around a local day cover every instant of it.</summary>
    private static readonly TimeSpan s_before = TimeSpan.FromHours(15);

    private static readonly TimeSpan s_slice = TimeSpan.FromHours(6);

    /// <summary>
    /// Every UTC instant at which the wall clock shows <paramref name="local"/>: none when it falls in a gap
    /// (clocks moved forward over it), two when it is repeated (clocks moved back), otherwise one.
    /// </summary>
    public static void AddOccurrences(TimeZoneInfo zone, DateTime local, List<DateTime> utcInstants)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            return;
        }

        if (zone.IsAmbiguousTime(local))
        {
            foreach (var offset in zone.GetAmbiguousTimeOffsets(local))
            {
                utcInstants.Add(DateTime.SpecifyKind(local - offset, DateTimeKind.Utc));
            }

            return;
        }

        utcInstants.Add(TimeZoneInfo.ConvertTimeToUtc(local, zone));
    }

    /// <summary>
    /// Adds the instants, around the local day <paramref name="day"/>, at which the zone's UTC offset changes
    /// (the wall clock jumps). Found by comparing offsets over six-hour slices and bisecting to the tick.
    /// </summary>
    public static void AddTransitions(TimeZoneInfo zone, DateOnly day, List<DateTime> utcInstants)
    {
        var from = DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc) - s_before;
        var until = from + TimeSpan.FromHours(24) + s_before + s_before;
        for (var sliceStart = from; sliceStart < until; sliceStart += s_slice)
        {
            var sliceEnd = sliceStart + s_slice;
            var before = zone.GetUtcOffset(sliceStart);
            if (zone.GetUtcOffset(sliceEnd) == before)
            {
                continue;
            }

            // Invariant: the offset at low equals 'before', at high it differs.
            var low = sliceStart.Ticks;
            var high = sliceEnd.Ticks;
            while (high - low > 1)
            {
                var middle = low + ((high - low) / 2);
                if (zone.GetUtcOffset(new DateTime(middle, DateTimeKind.Utc)) == before)
                {
                    low = middle;
                }
                else
                {
                    high = middle;
                }
            }

            utcInstants.Add(new DateTime(high, DateTimeKind.Utc));
        }
    }
}
