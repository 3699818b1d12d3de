namespace Entitlements.Policy.Functions;

/// <summary>
/// IP parsing with exactly the acceptance rules of Go's <c>net.ParseIP</c> / <c>net.ParseCIDR</c>
/// (which delegate to <c>net/netip</c>): dotted-quad IPv4 with no leading zeros and exactly four
/// fields; IPv6 with at most one <c>::</c>, 1–4 hex digits per group, an optional trailing IPv4;
/// no zones, no brackets. .NET's <c>IPAddress.Parse</c> accepts far more (<c>"1"</c>, octal,
/// hex), so it is not used.
/// </summary>
/// <remarks>
/// Addresses are held in the 16-byte form Go uses (IPv4 as IPv4-mapped IPv6), as a <see cref="UInt128"/>,
/// which makes <c>net.IP.Equal</c>'s "IPv4 equals its IPv4-mapped form" rule fall out naturally.
/// </remarks>
internal static class GoIp
{
    private static readonly UInt128 V4MappedPrefix = (UInt128)0xFFFF << 32;
    private static readonly UInt128 V4MappedMask = ~(UInt128)uint.MaxValue;

    public static bool IsV4Mapped(UInt128 address) => (address & V4MappedMask) == V4MappedPrefix;

    /// <summary>Go <c>net.ParseIP</c>: the 16-byte address, or false.</summary>
    public static bool TryParseIp(ReadOnlySpan<char> s, out UInt128 address)
    {
        address = default;
        for (var i = 0; i < s.Length; i++)
        {
            switch (s[i])
            {
                case '.':
                    if (!TryParseV4Fields(s, out var v4))
                    {
                        return false;
                    }

                    address = V4MappedPrefix | v4;
                    return true;
                case ':':
                    return TryParseV6(s, out address);
                case '%':
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Go <c>net.ParseCIDR</c> followed by <c>IPNet.Contains(ip)</c>. Returns false from the parse step
    /// when <paramref name="cidr"/> is not a CIDR (the caller then treats it as a single address).
    /// </summary>
    public static bool TryParseCidr(ReadOnlySpan<char> cidr, out CidrNetwork network)
    {
        network = default;
        var slash = cidr.IndexOf('/');
        if (slash < 0)
        {
            return false;
        }

        var addressText = cidr[..slash];
        var maskText = cidr[(slash + 1)..];
        bool isV4;
        UInt128 address;
        var dot = addressText.IndexOfAny('.', ':', '%');
        if (dot < 0 || addressText[dot] == '%')
        {
            return false;
        }

        if (addressText[dot] == '.')
        {
            if (!TryParseV4Fields(addressText, out var v4))
            {
                return false;
            }

            address = V4MappedPrefix | v4;
            isV4 = true;
        }
        else
        {
            if (!TryParseV6(addressText, out address))
            {
                return false;
            }

            isV4 = false;
        }

        // dtoi: decimal digits, leading zeros allowed, no sign, must consume the whole rest.
        var bits = 0;
        var n = 0;
        for (; n < maskText.Length && char.IsAsciiDigit(maskText[n]); n++)
        {
            bits = (bits * 10) + (maskText[n] - '0');
            if (bits >= 0xFFFFFF)
            {
                return false;
            }
        }

        var width = isV4 ? 32 : 128;
        if (n == 0 || n != maskText.Length || bits > width)
        {
            return false;
        }

        // IPv4 CIDRs are 4-byte networks in Go; IPv6 ones whose masked network is IPv4-mapped behave
        // as 4-byte networks too (networkNumberAndMask uses To4()). Anything else is a 16-byte network.
        var prefix = isV4 ? 96 + bits : bits;
        var mask = prefix == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - prefix);
        var masked = address & mask;
        network = new CidrNetwork(masked, mask, IsV4Mapped(masked));
        return true;
    }

    private static bool TryParseV4Fields(ReadOnlySpan<char> s, out UInt128 value)
    {
        value = default;
        uint acc = 0;
        int val = 0, pos = 0, digits = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c))
            {
                if (digits == 1 && val == 0)
                {
                    return false; // leading zero
                }

                val = (val * 10) + (c - '0');
                digits++;
                if (val > 255)
                {
                    return false;
                }
            }
            else if (c == '.')
            {
                if (i == 0 || i == s.Length - 1 || s[i - 1] == '.' || pos == 3)
                {
                    return false;
                }

                acc = (acc << 8) | (uint)val;
                pos++;
                val = 0;
                digits = 0;
            }
            else
            {
                return false;
            }
        }

        if (pos < 3)
        {
            return false;
        }

        value = (acc << 8) | (uint)val;
        return true;
    }

    private static bool TryParseV6(ReadOnlySpan<char> s, out UInt128 address)
    {
        address = default;
        if (s.IndexOf('%') >= 0)
        {
            return false; // ParseIP rejects zones
        }

        Span<byte> ip = stackalloc byte[16];
        ip.Clear();
        var ellipsis = -1;
        if (s.Length >= 2 && s[0] == ':' && s[1] == ':')
        {
            ellipsis = 0;
            s = s[2..];
            if (s.IsEmpty)
            {
                return true;
            }
        }

        var i = 0;
        while (i < 16)
        {
            var off = 0;
            uint acc = 0;
            for (; off < s.Length; off++)
            {
                var c = s[off];
                if (char.IsAsciiDigit(c))
                {
                    acc = (acc << 4) + (uint)(c - '0');
                }
                else if (c is >= 'a' and <= 'f')
                {
                    acc = (acc << 4) + (uint)(c - 'a' + 10);
                }
                else if (c is >= 'A' and <= 'F')
                {
                    acc = (acc << 4) + (uint)(c - 'A' + 10);
                }
                else
                {
                    break;
                }

                if (off > 3 || acc > ushort.MaxValue)
                {
                    return false;
                }
            }

            if (off == 0)
            {
                return false;
            }

            if (off < s.Length && s[off] == '.')
            {
                if ((ellipsis < 0 && i != 12) || i + 4 > 16)
                {
                    return false;
                }

                if (!TryParseV4Fields(s, out var v4))
                {
                    return false;
                }

                var v = (uint)v4;
                ip[i] = (byte)(v >> 24);
                ip[i + 1] = (byte)(v >> 16);
                ip[i + 2] = (byte)(v >> 8);
                ip[i + 3] = (byte)v;
                s = default;
                i += 4;
                break;
            }

            ip[i] = (byte)(acc >> 8);
            ip[i + 1] = (byte)acc;
            i += 2;
            s = s[off..];
            if (s.IsEmpty)
            {
                break;
            }

            if (s[0] != ':' || s.Length == 1)
            {
                return false;
            }

            s = s[1..];
            if (s[0] == ':')
            {
                if (ellipsis >= 0)
                {
                    return false;
                }

                ellipsis = i;
                s = s[1..];
                if (s.IsEmpty)
                {
                    break;
                }
            }
        }

        if (!s.IsEmpty)
        {
            return false;
        }

        if (i < 16)
        {
            if (ellipsis < 0)
            {
                return false;
            }

            var n = 16 - i;
            for (var j = i - 1; j >= ellipsis; j--)
            {
                ip[j + n] = ip[j];
            }

            ip.Slice(ellipsis, n).Clear();
        }
        else if (ellipsis >= 0)
        {
            return false;
        }

        address = new UInt128(
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(ip),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(ip[8..]));
        return true;
    }
}

/// <summary>A parsed CIDR in Go's model: network number, mask, and whether it is a 4-byte (IPv4) network.</summary>
internal readonly record struct CidrNetwork(UInt128 Network, UInt128 Mask, bool IsV4)
{
    /// <summary>Go <c>IPNet.Contains</c>: an IPv4(-mapped) address never lies in a 16-byte network and vice versa.</summary>
    public bool Contains(UInt128 address) =>
        GoIp.IsV4Mapped(address) == IsV4 && (address & Mask) == Network;
}
