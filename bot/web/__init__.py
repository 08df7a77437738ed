"""The website chat widget: the demo page server, the widget's files and its Socket.IO channel."""
