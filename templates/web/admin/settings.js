Console.section("settings", { title: "设置" });
