using System.Globalization;

namespace Nip66.LoadHarness;

/// <summary>The monitor's CPU per check over the floor's (<see cref="FloorChecker"/>), as the figures print it; the goal is at most 2.</summary>
internal static class FloorRatio
{
    public static string Text(double monitorPerThousand, double? floorPerThousand) => floorPerThousand is > 0 and var floor
        ? string.Create(CultureInfo.InvariantCulture, $"; {monitorPerThousand / floor:0.00}x the floor ({floor:0.00} s)")
        : string.Empty;
}
