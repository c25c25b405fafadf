using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using System.Text;
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

    [Fact]
    public void Duplicate_names_keep_the_last_value() =>
        Assert.Equal(2L, ((PSObject)JsonToPSObject.Parse("""{"a":1,"a":2}""")!).Properties["a"].Value);

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
