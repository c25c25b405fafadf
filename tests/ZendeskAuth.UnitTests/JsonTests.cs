using System;
using System.Collections;
using System.Collections.Specialized;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using ZendeskAuth.Json;

namespace ZendeskAuth.UnitTests;

public class JsonTests
{
    [Fact]
    public void Json_becomes_PSCustomObjects_with_Int64_ids_and_ISO_date_strings()
    {
        var value = JsonToPSObject.Parse("""
            {"user":{"id":36000000001,"small":5,"ratio":0.25,"huge":123456789012345678901234,"ok":true,"no":false,"none":null,
             "created_at":"2026-01-02T03:04:05Z","tags":["a","b"],"nested":{"deep":[{"x":1}]}}}
            """);
        var user = (PSObject)((PSObject)value!).Properties["user"].Value;
        Assert.IsType<PSCustomObject>(user.BaseObject);
        Assert.Equal(36000000001L, user.Properties["id"].Value);
        Assert.IsType<long>(user.Properties["small"].Value);
        Assert.Equal(0.25, user.Properties["ratio"].Value);
        Assert.Equal(123456789012345678901234m, user.Properties["huge"].Value);
        Assert.Equal(true, user.Properties["ok"].Value);
        Assert.Equal(false, user.Properties["no"].Value);
        Assert.Null(user.Properties["none"].Value);
        Assert.Equal("2026-01-02T03:04:05Z", user.Properties["created_at"].Value);
        Assert.Equal(new object[] { "a", "b" }, (object[])user.Properties["tags"].Value);
        var deep = (object[])((PSObject)user.Properties["nested"].Value).Properties["deep"].Value;
        Assert.Equal(1L, ((PSObject)deep[0]!).Properties["x"].Value);
    }

    [Theory]
    [InlineData("""{"a":1,"a":2}""", "a")]
    [InlineData("""{"a":1,"b":0,"A":2}""", "A")]
    [InlineData("""{"Id":1,"x":0,"ID":3,"iD":2}""", "iD")]
    public void Duplicate_names_keep_the_last_value_once(string json, string lastName)
    {
        var record = (PSObject)JsonToPSObject.Parse(json)!;
        Assert.Equal(2L, record.Properties[lastName].Value);
        // Listed once, under the last spelling, as ConvertFrom-Json and Get-Member would show it.
        var names = record.Properties.Select(p => p.Name).ToArray();
        Assert.Single(names, n => string.Equals(n, lastName, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(lastName, names);
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(5, 0, 5)]
    [InlineData(7, 0, 7)]
    [InlineData(8, 0, 8)]
    [InlineData(100, 0, 100)]
    [InlineData(100, 37, 50)]
    [InlineData(100, 90, 10)]
    [InlineData(1000, 3, 997)]
    public void ConvertEach_gives_the_slice_in_order(int length, int start, int count)
    {
        using var document = JsonDocument.Parse("[" + string.Join(",", Enumerable.Range(0, length).Select(i => $$"""{"id":{{i}},"tags":["t{{i}}"]}""")) + "]");
        var ids = JsonToPSObject.ConvertEach(document.RootElement, start, count).Select(r => ((PSObject)r!).Properties["id"].Value).ToArray();
        Assert.Equal(Enumerable.Range(start, count).Select(i => (object)(long)i), ids);
    }

    [Fact]
    public void Leaving_ConvertEach_early_stops_its_worker_before_the_document_is_disposed()
    {
        var document = JsonDocument.Parse("[" + string.Join(",", Enumerable.Range(0, 5000).Select(i => $$"""{"id":{{i}},"subject":"s{{i}}"}""")) + "]");
        var first = JsonToPSObject.ConvertEach(document.RootElement, 0, 5000, asHashtable: true).Take(20).Cast<Hashtable>().Select(h => h["id"]).ToArray();
        // Take disposed the enumeration: the worker has stopped, so disposing the document (its pooled buffers go back
        // for reuse) cannot be read under it.
        document.Dispose();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (object)(long)i), first);
    }

    [Fact]
    public void AsHashtable_records_with_a_lone_surrogate_name_are_converted_like_objects_are()
    {
        // -Paginate -AsHashtable converts records on a worker; a name System.Text.Json refuses to read must not end
        // the listing there (the PSCustomObject path already turns it into U+FFFD).
        using var document = JsonDocument.Parse("[" + string.Join(",", Enumerable.Range(0, 20).Select(i => i == 12 ? """{"id":12,"\udc00":1}""" : $$"""{"id":{{i}}}""")) + "]");
        var records = JsonToPSObject.ConvertEach(document.RootElement, 0, 20, asHashtable: true).Cast<Hashtable>().ToArray();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (object)(long)i), records.Select(r => r["id"]));
        Assert.Equal(1L, records[12]["\uFFFD"]);
    }

    [Fact]
    public void Names_of_PowerShells_own_member_sets_keep_their_values_without_hiding_the_member_sets()
    {
        var record = (PSObject)JsonToPSObject.Parse("""{"psobject":1,"PSBase":2,"psadapted":3,"psextended":4,"pstypenames":5,"ok":6}""")!;
        Assert.Equal(new object[] { 1L, 2L, 3L, 4L, 5L, 6L }, record.Properties.Select(p => p.Value).ToArray());
        Assert.Equal(new[] { "(psobject)", "(PSBase)", "(psadapted)", "(psextended)", "(pstypenames)", "ok" }, record.Properties.Select(p => p.Name).ToArray());
        Assert.Contains("System.Management.Automation.PSCustomObject", record.TypeNames);
    }

    [Fact]
    public void Body_of_any_depth_serializes_without_truncation()
    {
        object leaf = "bottom";
        for (var i = 0; i < 50; i++)
        {
            leaf = new Hashtable { ["level"] = leaf };
        }
        var json = Encoding.UTF8.GetString(JsonBody.Serialize(leaf));
        Assert.Equal(50, CountOf(json, "\"level\""));
        Assert.Contains("\"bottom\"", json);
    }

    [Fact]
    public void Body_keeps_types_and_order()
    {
        var custom = new PSObject();
        custom.Properties.Add(new PSNoteProperty("name", "zoë"));
        custom.Properties.Add(new PSNoteProperty("when", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));
        var body = new OrderedDictionary
        {
            ["ticket"] = new OrderedDictionary { ["id"] = 36000000001L, ["ok"] = true, ["n"] = 1.5, ["none"] = null, ["tags"] = new object[] { "a", 2 } },
            ["user"] = custom,
            ["wrapped"] = PSObject.AsPSObject(new Hashtable { ["k"] = "v" }),
        };
        var json = Encoding.UTF8.GetString(JsonBody.Serialize(body));
        Assert.Equal("""{"ticket":{"id":36000000001,"ok":true,"n":1.5,"none":null,"tags":["a",2]},"user":{"name":"zoë","when":"2026-01-02T03:04:05.0000000+00:00"},"wrapped":{"k":"v"}}""", json);
    }

    [Fact]
    public void Json_string_body_is_checked_and_sent_as_written()
    {
        Assert.Equal("""{ "a" : 1 }""", Encoding.UTF8.GetString(JsonBody.Serialize("""{ "a" : 1 }""")));
        var error = Assert.Throws<ArgumentException>(() => JsonBody.Serialize("{ not json"));
        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void Self_referencing_body_is_refused_not_overflowed()
    {
        var loop = new Hashtable();
        loop["self"] = loop;
        Assert.Throws<ArgumentException>(() => JsonBody.Serialize(loop));
    }

    [Fact]
    public void SecureString_in_a_body_is_refused()
    {
        using var secret = ZendeskAuth.Authentication.SecureStrings.FromPlainText("x");
        Assert.Throws<ArgumentException>(() => JsonBody.Serialize(new Hashtable { ["password"] = secret }));
    }

    [Fact]
    public void Redactor_masks_secret_fields_in_json_and_forms_and_headers()
    {
        var json = SecretRedactor.Body("""{"token":{"full_token":"abc123","id":5,"scopes":["read"]},"access_token":"t1","refresh_token":"r1","client_secret":"s1","password":"p1","code":"c1","token_type":"bearer"}""", "application/json");
        foreach (var secret in new[] { "abc123", "t1", "r1", "s1", "p1", "c1" })
        {
            Assert.DoesNotContain($"\"{secret}\"", json);
        }
        Assert.Contains("\"token_type\":\"bearer\"", json);
        Assert.Contains("\"id\":5", json);

        var form = SecretRedactor.Body("grant_type=refresh_token&refresh_token=r1&client_secret=s1&client_id=app", "application/x-www-form-urlencoded");
        Assert.Equal("grant_type=refresh_token&refresh_token=[REDACTED]&client_secret=[REDACTED]&client_id=app", form);

        Assert.Equal("Authorization: Basic [REDACTED]", SecretRedactor.Header("Authorization", "Basic amRvZQ=="));
        Assert.Equal("Accept: application/json", SecretRedactor.Header("Accept", "application/json"));
        // Text that is not JSON is shown (errors need it), with every secret-looking part masked.
        Assert.Equal("denied: access_token=[REDACTED], Authorization: Bearer [REDACTED]; see docs",
            SecretRedactor.Body("denied: access_token=abc123, Authorization: Bearer 0f3c5a9e7b1d; see docs", "text/plain"));
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
