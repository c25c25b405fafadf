using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace ZendeskAuth.Connections;

/// <summary>
/// The current connection of each runspace. Keyed by the runspace itself, so ForEach-Object -Parallel and
/// runspace pools neither see nor overwrite another runspace's connection (unlike a process-wide singleton),
/// and a closed runspace's entry goes with it.
/// </summary>
internal static class ConnectionStore
{
    private sealed class Slot
    {
        public ZendeskConnection? Connection;
    }

    private static readonly ConditionalWeakTable<Runspace, Slot> s_slots = new();

    public static ZendeskConnection? Current => Runspace.DefaultRunspace is { } runspace && s_slots.TryGetValue(runspace, out var slot) ? slot.Connection : null;

    public static void SetCurrent(ZendeskConnection connection) => s_slots.GetOrCreateValue(Runspace.DefaultRunspace).Connection = connection;

    /// <summary>Forgets the current connection and returns it.</summary>
    public static ZendeskConnection? Clear()
    {
        if (Runspace.DefaultRunspace is { } runspace && s_slots.TryGetValue(runspace, out var slot))
        {
            var connection = slot.Connection;
            slot.Connection = null;
            return connection;
        }
        return null;
    }
}
