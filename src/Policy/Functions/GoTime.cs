namespace Entitlements.Policy.Functions;

/// <summary>
/// Parses Go's <c>time.Parse("2006-01-02 15:04:05", s)</c> (UTC) into a comparable instant, including
/// year 0000, which <see cref="DateTime"/> cannot represent (the reference's tests use it).
/// </summary>
internal static class GoTime
{
    private const long TicksPerSecond = TimeSpan.TicksPerSecond;

    /// <summary>
    /// Accepts <c>YYYY-MM-DD H[H]:MM:SS[.fraction]</c> as Go's layout parser does: four-digit year,
    /// two-digit month/day/minute/second, one- or two-digit hour, an optional fractional second,
    /// calendar-checked day. The result is in 100 ns ticks since 0000-01-01T00:00:00Z (proleptic Gregorian).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> s, out long ticks, out string? error)
    {
        ticks = 0;
        error = null;
        var i = 0;
        if (!Digits(s, ref i, 4, out var year) || !Literal(s, ref i, '-') ||
            !Digits(s, ref i, 2, out var month) || !Literal(s, ref i, '-') ||
            !Digits(s, ref i, 2, out var day) || !Literal(s, ref i, ' ') ||
            !Hour(s, ref i, out var hour) || !Literal(s, ref i, ':') ||
            !Digits(s, ref i, 2, out var minute) || !Literal(s, ref i, ':') ||
            !Digits(s, ref i, 2, out var second))
        {
            error = $"parsing time \"{s}\" as \"2006-01-02 15:04:05\": cannot parse";
            return false;
        }

        long fraction = 0;
        if (i + 1 < s.Length && s[i] == '.' && char.IsAsciiDigit(s[i + 1]))
        {
            i++;
            var scale = TicksPerSecond;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                scale /= 10;
                fraction += (s[i] - '0') * scale;
                i++;
            }
        }

        if (i != s.Length)
        {
            error = $"parsing time \"{s}\": extra text: \"{s[i..]}\"";
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            error = $"parsing time \"{s}\": value out of range";
            return false;
        }

        var seconds = (DaysFromYearZero(year, month, day) * 86_400L) + (hour * 3600L) + (minute * 60L) + second;
        ticks = (seconds * TicksPerSecond) + fraction;
        return true;
    }

    /// <summary>The instant as ticks since 0000-01-01T00:00:00Z, comparable with <see cref="TryParse"/>.</summary>
    public static long ToTicks(DateTimeOffset instant) =>
        instant.UtcTicks + (DaysFromYearZero(1, 1, 1) * 86_400L * TicksPerSecond);

    private static bool Digits(ReadOnlySpan<char> s, ref int i, int count, out int value)
    {
        value = 0;
        if (i + count > s.Length)
        {
            return false;
        }

        for (var k = 0; k < count; k++)
        {
            var c = s[i + k];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        i += count;
        return true;
    }

    private static bool Hour(ReadOnlySpan<char> s, ref int i, out int value)
    {
        value = 0;
        if (i >= s.Length || !char.IsAsciiDigit(s[i]))
        {
            return false;
        }

        value = s[i++] - '0';
        if (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            value = (value * 10) + (s[i++] - '0');
        }

        return true;
    }

    private static bool Literal(ReadOnlySpan<char> s, ref int i, char c)
    {
        if (i < s.Length && s[i] == c)
        {
            i++;
            return true;
        }

        return false;
    }

    private static bool IsLeap(int year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    private static int DaysInMonth(int year, int month) => month switch
    {
        2 => IsLeap(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary>Days since 0000-01-01 (proleptic Gregorian).</summary>
    private static long DaysFromYearZero(int year, int month, int day)
    {
        // Howard Hinnant's days_from_civil, era-based, valid for year 0.
        long y = month <= 2 ? year - 1 : year;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yoe = y - (era * 400);
        var mp = (month + 9) % 12;
        var doy = ((153 * mp) + 2) / 5 + day - 1;
        var doe = (yoe * 365) + (yoe / 4) - (yoe / 100) + doy;
        // The algorithm counts from 0000-03-01; 0000-01-01 is day -60 (0000 is a leap year).
        return (era * 146_097) + doe + 60;
    }
}
